namespace TwinLab.ContactCenter.Simulation;

/// <summary>Service: starting and ending a contact's handling, the first-contact-resolution loop, satisfaction.</summary>
internal sealed partial class ContactCenterRun
{
    /// <summary>
    /// Agent <paramref name="a"/> starts on contact <paramref name="c"/>. Handle time = the contact's work (at average
    /// proficiency) ÷ the agent's proficiency; a chat is stretched by (1 + slowdown·(chats in hand − 1)) for the
    /// number of chats the agent holds when it starts, since an agent alternating between chats answers each one
    /// more slowly (the concurrency-dependent service rate of Tezcan and Zhang, "Routing and staffing in customer
    /// service chat systems with impatient customers", Operations Research 62(4), 2014). The stretch is fixed at the
    /// start: chats joining or leaving later do not change it, which keeps one event per service.
    /// </summary>
    private void StartService(int a, int c)
    {
        var pool = _pool;
        var q = pool.Queue[c];
        var now = _engine.Now;
        Detach(a);
        var load = ++_inService[a];
        if (_isChat[q]) _chatMode[a] = true;
        Attach(a);
        var handle = pool.Work[c] / _center.Proficiency[a * _queueCount + q];
        if (_isChat[q]) handle *= 1 + _center.ChatSlowdown * (load - 1);
        pool.Handle[c] = handle;
        pool.State[c] = ContactPool.InService;
        var callback = pool.Has(c, ContactPool.TookCallback);
        var wait = now - pool.Arrival[c];
        if (!callback && wait <= _queues[q].TargetSeconds) _time.WithinTarget[IntervalOf(pool.Arrival[c])]++;
        if (pool.Has(c, ContactPool.Counted))
        {
            ref var t = ref _tally[q];
            if (callback)
            {
                t.CallbacksServed++;
                t.CallbackDelaySum += now - pool.Accepted[c];
            }
            else
            {
                t.Answered++;
                t.AnswerWaitSum += wait;
                t.WaitSum += wait;
                if (wait <= _queues[q].TargetSeconds) t.AnsweredWithinTarget++;
            }
        }
        Observer?.ServiceStarted(a, q, now, wait, callback);
        _engine.Schedule(handle, this, ServiceEnd, ((long)a << 32) | (uint)c);
    }

    /// <summary>Agent <paramref name="a"/> finished contact <paramref name="c"/>; an unresolved one comes back later
    /// as a repeat contact (exponential delay with the queue's mean), and the agent looks for more work.</summary>
    private void EndService(int a, int c)
    {
        var pool = _pool;
        var q = pool.Queue[c];
        var now = _engine.Now;
        Detach(a);
        if (--_inService[a] == 0)
        {
            _chatMode[a] = false;
            _lastFree[a] = now;
        }
        Attach(a);
        var resolved = pool.Has(c, ContactPool.Resolved);
        if (pool.Has(c, ContactPool.Counted))
        {
            ref var t = ref _tally[q];
            t.Handled++;
            t.HandleSum += pool.Handle[c];
            if (!resolved) t.Unresolved++;
            if (_center.Satisfaction is { } predictor)
            {
                var queue = _queues[q];
                var waited = now - pool.Handle[c] - pool.Arrival[c]; // arrival to service start, callback delay included
                t.SatisfactionSum += predictor.Predict(queue.Channel, queue.Name, waited, pool.Handle[c], resolved);
                t.SatisfactionCount++;
            }
        }
        if (!resolved)
        {
            var delay = _delayRandom[q];
            var wanted = now + delay.NextExponential(1) * _queues[q].RepeatDelaySeconds;
            var back = _center.ReturnTime(_queues[q], wanted, delay.NextDouble());
            if (back < _horizon) _engine.ScheduleAt(back, this, RepeatArrival, q);
        }
        pool.Release(c);
        SeekWork(a);
    }

    /// <summary>Gives agent <paramref name="a"/> waiting contacts while it has room for them.</summary>
    private void SeekWork(int a)
    {
        while (_available[a])
        {
            var c = FindWork(a);
            if (c < 0) return;
            StartService(a, c);
        }
    }
}
