namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// Agents: their schedule (shifts and breaks), shrinkage, and the counts derived from their state. An agent whose
/// shift ends or break starts while handling contacts finishes them first (as agents do), then becomes unavailable;
/// the time that takes counts as staffed and busy.
/// </summary>
internal sealed partial class ContactCenterRun
{
    private readonly AgentStatus[] _status;
    private readonly bool[] _shrunk;
    private readonly bool[] _available;
    private readonly int[] _inService;
    /// <summary>Whether the agent's contacts in hand are chats (so it may take more chats, and nothing else).</summary>
    private readonly bool[] _chatMode;
    /// <summary>When the agent last became free (for longest-idle routing).</summary>
    private readonly double[] _lastFree;
    /// <summary>Index of the agent's next change point in its weekly schedule.</summary>
    private readonly int[] _cursor;
    /// <summary>Start, in run time plus the start offset, of the week the next change point falls in.</summary>
    private readonly double[] _weekBase;

    /// <summary>Agents available or still handling contacts: the "staffed" agents of occupancy.</summary>
    private int _staffed;
    private int _busy;
    private int _paid;
    private double _paidCost;

    /// <summary>Sets the agent's status at the start of the run and schedules its next change.</summary>
    private void StartAgent(int a)
    {
        var schedule = _center.Agents[a].Schedule;
        var weekTime = _center.StartOffsetSeconds;
        SetStatus(a, schedule.StatusAt(weekTime));
        if (schedule.Times.Length == 0) return;
        var i = schedule.FirstAfter(weekTime);
        _weekBase[a] = 0;
        if (i == schedule.Times.Length)
        {
            i = 0;
            _weekBase[a] = WeeklySchedule.WeekSeconds;
        }
        _cursor[a] = i;
        ScheduleChange(a);
    }

    private void ScheduleChange(int a)
    {
        var time = _weekBase[a] + _center.Agents[a].Schedule.Times[_cursor[a]] - _center.StartOffsetSeconds;
        if (time < _horizon + DrainSeconds) _engine.ScheduleAt(time, this, AgentChange, a);
    }

    /// <summary>The agent's next change point is due: apply it, then schedule the one after.</summary>
    private void ChangeStatus(int a)
    {
        var schedule = _center.Agents[a].Schedule;
        var status = schedule.Statuses[_cursor[a]];
        if (++_cursor[a] == schedule.Times.Length)
        {
            _cursor[a] = 0;
            _weekBase[a] += WeeklySchedule.WeekSeconds;
        }
        ScheduleChange(a);
        SetStatus(a, status);
    }

    private void SetStatus(int a, AgentStatus status)
    {
        var was = _status[a];
        if (was == status) return;
        Detach(a);
        if ((was != AgentStatus.Off) != (status != AgentStatus.Off))
        {
            var sign = status != AgentStatus.Off ? 1 : -1;
            _paid += sign;
            _paidCost += sign * _center.Agents[a].CostPerHour;
        }
        _status[a] = status;
        Reattach(a);
    }

    private void SetShrunk(int a, bool shrunk)
    {
        Detach(a);
        _shrunk[a] = shrunk;
        Reattach(a);
    }

    /// <summary>Recomputes availability after a status change; a newly available agent looks for work.</summary>
    private void Reattach(int a)
    {
        var was = _available[a];
        _available[a] = _status[a] == AgentStatus.Working && !_shrunk[a];
        Attach(a);
        if (_available[a] && !was)
        {
            if (_inService[a] == 0) _lastFree[a] = _engine.Now;
            SeekWork(a);
        }
    }

    /// <summary>Removes the agent's contribution to the counts; call before changing its state, and
    /// <see cref="Attach"/> after.</summary>
    private void Detach(int a) => Contribute(a, -1);

    private void Attach(int a) => Contribute(a, +1);

    private void Contribute(int a, int sign)
    {
        var queues = _center.Agents[a].Queues;
        for (var i = 0; i < queues.Length; i++)
            if (CanTake(a, queues[i])) _freeFor[queues[i]] += sign;
        if (_inService[a] > 0) _busy += sign;
        if (_available[a] || _inService[a] > 0) _staffed += sign;
    }
}
