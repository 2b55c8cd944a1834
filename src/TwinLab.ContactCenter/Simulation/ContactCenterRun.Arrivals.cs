namespace TwinLab.ContactCenter.Simulation;

/// <summary>Arrivals and what happens to a contact while it waits: abandonment, overflow, callback offers.</summary>
internal sealed partial class ContactCenterRun
{
    private readonly RefDeque[] _live;
    private readonly RefDeque[] _callbacks;
    private readonly int[] _waiting;
    private readonly int[] _callbacksWaiting;
    private int _waitingTotal;

    /// <summary>A fresh arrival: schedules the next, then a chatbot may deflect it or the channel shift move it.</summary>
    private void ArriveFresh(int q)
    {
        var queue = _queues[q];
        var now = _engine.Now;
        var next = queue.Arrivals!.NextArrival(now, _arrivalRandom[q]);
        if (next < _horizon) _engine.ScheduleAt(next, this, FreshArrival, q);
        // Both uniforms are drawn whatever the scenario, so arrivals stay aligned across scenarios.
        var route = _routeRandom[q];
        var deflect = route.NextDouble();
        var shift = route.NextDouble();
        if (deflect < queue.Deflection)
        {
            if (Counted(now)) _tally[q].Deflected++;
            return;
        }
        if (queue.ShiftTo >= 0 && shift < queue.ShiftShare)
        {
            if (Counted(now)) _tally[q].ShiftedOut++;
            q = queue.ShiftTo;
        }
        Arrive(q, 0);
    }

    /// <summary>A contact enters queue <paramref name="q"/>: to a free agent if routing finds one, else it waits.</summary>
    private void Arrive(int q, byte origin)
    {
        var now = _engine.Now;
        if (now >= _horizon) return;
        var queue = _queues[q];
        var pool = _pool;
        var c = pool.Allocate();
        pool.Queue[c] = q;
        pool.Arrival[c] = now;
        pool.Work[c] = queue.Handle.Sample(_handleRandom[q]) * queue.HandleScale;
        pool.Patience[c] = queue.Patience is { } patience ? patience.Sample(_patienceRandom[q]) : double.PositiveInfinity;
        var decide = _decisionRandom[q];
        var resolved = decide.NextDouble() < queue.FirstContactResolution;
        var accepts = decide.NextDouble() < _center.CallbackAcceptance;
        var retries = decide.NextDouble() < _center.RetrialShare;
        var flags = origin;
        if (resolved) flags |= ContactPool.Resolved;
        if (accepts) flags |= ContactPool.AcceptsCallback;
        if (retries) flags |= ContactPool.WouldRetry;
        if (Counted(now))
        {
            flags |= ContactPool.Counted;
            ref var t = ref _tally[q];
            t.Offered++;
            if (origin == ContactPool.Repeat) t.Repeats++;
            else if (origin == ContactPool.Retrial) t.Retrials++;
        }
        pool.Flags[c] = flags;
        var i = IntervalOf(now);
        _time.Arrivals[i]++;
        _time.TargetBase[i]++;

        var agent = FindAgent(q, 0);
        if (agent >= 0) StartService(agent, c);
        else Enqueue(c, q);
    }

    private void Enqueue(int c, int q)
    {
        var pool = _pool;
        var reference = pool.Ref(c);
        _live[q].Enqueue(reference);
        _waiting[q]++;
        _waitingTotal++;
        if (pool.Has(c, ContactPool.Counted)) _tally[q].Queued++;
        var patience = pool.Patience[c];
        if (patience < double.PositiveInfinity) _engine.Schedule(patience, this, AbandonTimer, reference);
        var delay = _center.OverflowDelaySeconds;
        if (_center.Routing == RoutingRule.Overflow && _center.HasSecondary[q] && delay > 0 && delay < patience)
            _engine.Schedule(delay, this, OverflowTimer, reference);
        var threshold = _center.CallbackThresholdSeconds;
        if (_queues[q].OffersCallback && pool.Has(c, ContactPool.AcceptsCallback) && threshold < patience)
            _engine.Schedule(threshold, this, CallbackTimer, reference);
    }

    /// <summary>Patience ran out before service: the contact leaves; a share of callers try again later.</summary>
    private void Abandon(long reference)
    {
        var pool = _pool;
        var c = pool.Resolve(reference, ContactPool.Waiting);
        if (c < 0) return;
        var q = pool.Queue[c];
        LeaveLiveQueue(q);
        var now = _engine.Now;
        var wait = now - pool.Arrival[c];
        var withinTarget = wait <= _queues[q].TargetSeconds;
        if (withinTarget) _time.TargetBase[IntervalOf(pool.Arrival[c])]--;
        if (pool.Has(c, ContactPool.Counted))
        {
            ref var t = ref _tally[q];
            t.Abandoned++;
            t.WaitSum += wait;
            if (withinTarget) t.AbandonedWithinTarget++;
        }
        if (pool.Has(c, ContactPool.WouldRetry))
        {
            var retry = now + _delayRandom[q].NextExponential(1) * _center.RetrialDelaySeconds;
            if (retry < _horizon) _engine.ScheduleAt(retry, this, RetrialArrival, q);
        }
        pool.Release(c);
    }

    /// <summary>A waiting contact reached the overflow delay: agents for whom its skill is secondary may now take it.</summary>
    private void Overflow(long reference)
    {
        var c = _pool.Resolve(reference, ContactPool.Waiting);
        if (c < 0) return;
        var q = _pool.Queue[c];
        var agent = FindAgent(q, _engine.Now - _pool.Arrival[c]);
        // The queue is first-in first-out, so its head has waited at least as long and goes first.
        if (agent >= 0) StartService(agent, TakeLive(q));
    }

    /// <summary>The wait passed the callback threshold and the caller (decided on arrival) accepts a callback.</summary>
    private void OfferCallback(long reference)
    {
        var pool = _pool;
        var c = pool.Resolve(reference, ContactPool.Waiting);
        if (c < 0) return;
        var q = pool.Queue[c];
        LeaveLiveQueue(q);
        var now = _engine.Now;
        if (pool.Has(c, ContactPool.Counted))
        {
            ref var t = ref _tally[q];
            t.CallbacksAccepted++;
            t.WaitSum += now - pool.Arrival[c];
        }
        pool.Renew(c); // its abandonment and overflow timers no longer apply
        pool.State[c] = ContactPool.CallbackWaiting;
        pool.Flags[c] |= ContactPool.TookCallback;
        pool.Accepted[c] = now;
        _callbacks[q].Enqueue(pool.Ref(c));
        _callbacksWaiting[q]++;
        var agent = FindAgent(q, double.PositiveInfinity);
        if (agent >= 0) StartService(agent, TakeCallback(q));
    }

    private void LeaveLiveQueue(int q)
    {
        _waiting[q]--;
        _waitingTotal--;
    }

    /// <summary>The slot of the oldest contact still waiting in queue <paramref name="q"/> (which must have one),
    /// dropping stale entries in front of it.</summary>
    private int LiveHead(int q) => Head(_live[q], ContactPool.Waiting);

    private int CallbackHead(int q) => Head(_callbacks[q], ContactPool.CallbackWaiting);

    private int Head(RefDeque deque, byte state)
    {
        while (true)
        {
            var c = _pool.Resolve(deque.Front, state);
            if (c >= 0) return c;
            deque.DropFront();
        }
    }

    private int TakeLive(int q)
    {
        var c = LiveHead(q);
        _live[q].DropFront();
        LeaveLiveQueue(q);
        return c;
    }

    private int TakeCallback(int q)
    {
        var c = CallbackHead(q);
        _callbacks[q].DropFront();
        _callbacksWaiting[q]--;
        return c;
    }
}
