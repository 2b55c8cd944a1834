using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Synthetic;

/// <summary>
/// A small event-driven simulation of the synthetic month, so that waits and abandonment come from real queueing:
/// Poisson arrivals with the weekly profile, agents who work their shifts and take their breaks (or are absent for
/// the day), first-come-first-served routing within priority (phone before chat), phone calls one at a time and
/// chats several at once, callers who abandon when their patience runs out, and unresolved customers who come back.
/// </summary>
internal sealed class CentreSimulation
{
    public const int MaxRepeats = 3;

    private const double Day = 86_400;

    private enum Kind { ShiftStart, ShiftEnd, BreakStart, BreakEnd, Arrival, Abandon, Complete }

    private readonly record struct Event(Kind Kind, SimAgent? Agent, SimContact? Contact, int Minutes);

    private readonly IReadOnlyList<SyntheticQueue> _queues;
    private readonly SimAgent[] _agents;
    private readonly Queue<SimContact>[] _waiting;
    private readonly List<SimContact> _contacts = [];
    private readonly PriorityQueue<Event, (double Time, long Seq)> _events = new();
    private readonly SyntheticSettings _settings;
    private readonly MonthClock _clock;
    private readonly double _horizon;
    private readonly RandomStream _root;
    private readonly RandomStream _repeats;
    private long _seq;
    private double _now;

    public CentreSimulation(IReadOnlyList<SyntheticQueue> queues, Roster roster, SyntheticSettings settings)
    {
        _queues = queues;
        _settings = settings;
        _agents = [.. roster.Agents.Select((a, i) => new SimAgent(a, i, queues))];
        _waiting = [.. queues.Select(_ => new Queue<SimContact>())];
        _clock = new MonthClock(settings.Start);
        _horizon = settings.Days * Day;
        _root = RandomStream.FromSeed(settings.Seed);
        _repeats = _root.Split(50);
    }

    /// <summary>Runs the month; every contact, in arrival order.</summary>
    public IReadOnlyList<SimContact> Run()
    {
        ScheduleShifts(_root.Split(100));
        for (var q = 0; q < _queues.Count; q++) ScheduleArrivals(q, _root.Split(q), _root.Split(10 + q));
        while (_events.TryDequeue(out var e, out var key))
        {
            _now = key.Time;
            Handle(e);
        }
        return [.. _contacts.OrderBy(c => c.Arrival).ThenBy(c => c.Id)];
    }

    private void Handle(Event e)
    {
        switch (e.Kind)
        {
            case Kind.ShiftStart:
                e.Agent!.OnShift = true;
                e.Agent.IdleSince = _now;
                Pull(e.Agent);
                break;
            case Kind.ShiftEnd:
                e.Agent!.OnShift = false;
                e.Agent.PendingBreakMinutes = 0;
                break;
            case Kind.BreakStart when e.Agent!.OnShift:
                if (e.Agent.Idle) StartBreak(e.Agent, e.Minutes);
                else e.Agent.PendingBreakMinutes = e.Minutes;
                break;
            case Kind.BreakEnd:
                e.Agent!.OnBreak = false;
                e.Agent.IdleSince = _now;
                if (e.Agent.OnShift) Pull(e.Agent);
                break;
            case Kind.Arrival:
                Arrive(e.Contact!);
                break;
            case Kind.Abandon when e.Contact!.Waiting:
                e.Contact.Waiting = false;
                e.Contact.Abandoned = true;
                e.Contact.Wait = e.Contact.Patience;
                break;
            case Kind.Complete:
                Complete(e.Contact!);
                break;
        }
    }

    private void Arrive(SimContact c)
    {
        var channel = _queues[c.Queue].Channel;
        SimAgent? best = null;
        foreach (var a in _agents)
        {
            if (!a.CanTake(c.Queue, channel)) continue;
            // Preferred skill first, then the agent with fewest chats open, then the one idle longest.
            if (best is null || (a.Rank(c.Queue), a.Chats, a.IdleSince).CompareTo((best.Rank(c.Queue), best.Chats, best.IdleSince)) < 0) best = a;
        }
        if (best is not null)
        {
            Serve(c, best);
            return;
        }
        _waiting[c.Queue].Enqueue(c);
        Push(_now + c.Patience, new Event(Kind.Abandon, null, c, 0));
    }

    private void Serve(SimContact c, SimAgent agent)
    {
        var queue = _queues[c.Queue];
        c.Waiting = false;
        c.Wait = _now - c.Arrival;
        c.Agent = agent;
        c.Handle = Math.Exp(queue.HandleMu + queue.HandleSigma * c.HandleNormal) / agent.Proficiency(c.Queue);
        if (queue.Channel == Channel.Phone) agent.OnPhone = true;
        else agent.Chats++;
        Push(_now + c.Handle, new Event(Kind.Complete, agent, c, 0));
    }

    private void Complete(SimContact c)
    {
        var agent = c.Agent!;
        var queue = _queues[c.Queue];
        if (queue.Channel == Channel.Phone) agent.OnPhone = false;
        else agent.Chats--;
        if (agent.Idle) agent.IdleSince = _now;
        if (c.ResolveUniform >= queue.FirstContactResolution && c.Depth < MaxRepeats) ScheduleRepeat(c);
        if (agent.PendingBreakMinutes > 0)
        {
            if (agent.Idle) StartBreak(agent, agent.PendingBreakMinutes);
            return;
        }
        if (agent.Available) Pull(agent);
    }

    /// <summary>Gives a freed agent waiting contacts: highest priority first, then the longest waiting (FCFS).</summary>
    private void Pull(SimAgent agent)
    {
        while (true)
        {
            var bestQueue = -1;
            SimContact? best = null;
            for (var q = 0; q < _queues.Count; q++)
            {
                if (!agent.CanTake(q, _queues[q].Channel) || Head(q) is not { } head) continue;
                if (best is null || (-_queues[q].Priority, head.Arrival, agent.Rank(q)).CompareTo((-_queues[bestQueue].Priority, best.Arrival, agent.Rank(bestQueue))) < 0)
                {
                    best = head;
                    bestQueue = q;
                }
            }
            if (best is null) return;
            _waiting[bestQueue].Dequeue();
            Serve(best, agent);
        }
    }

    // Abandoned contacts stay in the queue until they reach its head.
    private SimContact? Head(int q)
    {
        var waiting = _waiting[q];
        while (waiting.Count > 0 && !waiting.Peek().Waiting) waiting.Dequeue();
        return waiting.Count > 0 ? waiting.Peek() : null;
    }

    private void StartBreak(SimAgent agent, int minutes)
    {
        agent.PendingBreakMinutes = 0;
        agent.OnBreak = true;
        Push(_now + minutes * 60.0, new Event(Kind.BreakEnd, agent, null, 0));
    }

    private void ScheduleShifts(RandomStream absence)
    {
        for (var day = 0; day < _settings.Days; day++)
        {
            var date = _settings.Start.AddDays(day);
            foreach (var agent in _agents)
            {
                // One draw per agent and day whether they work or not, so the draws stay aligned across rosters.
                var absent = absence.NextDouble() < _settings.AbsenceShare;
                if (absent) continue;
                foreach (var shift in agent.Agent.Shifts.Where(s => s.Days.Contains(date.DayOfWeek)))
                {
                    var midnight = day * Day;
                    Push(midnight + shift.Start.ToTimeSpan().TotalSeconds, new Event(Kind.ShiftStart, agent, null, 0));
                    Push(midnight + shift.End.ToTimeSpan().TotalSeconds, new Event(Kind.ShiftEnd, agent, null, 0));
                    foreach (var b in shift.Breaks)
                        Push(midnight + b.Start.ToTimeSpan().TotalSeconds, new Event(Kind.BreakStart, agent, null, b.Minutes));
                }
            }
        }
    }

    private void ScheduleArrivals(int q, RandomStream arrivals, RandomStream customers)
    {
        var rates = ArrivalProfile.WeeklyRates(_queues[q].TuesdayContacts).Select(r => r / 3600).ToArray();
        var process = PiecewisePoissonProcess.EqualIntervals(ArrivalProfile.IntervalMinutes * 60, rates, cyclic: true, start: -_clock.WeekOffset);
        for (var t = process.NextArrival(0, arrivals); t < _horizon; t = process.NextArrival(t, arrivals))
            Push(t, new Event(Kind.Arrival, null, NewContact(q, t, 0, customers), 0));
    }

    private void ScheduleRepeat(SimContact c)
    {
        var t = _now + _repeats.NextExponential(1 / (_queues[c.Queue].RepeatDelayHours * 3600));
        // Customers cannot come back while the centre is closed; they do so in the first two hours it is open.
        if (!_clock.IsOpen(t)) t = _clock.NextOpening(t) + _repeats.NextDouble(0, 7200);
        if (t < _horizon) Push(t, new Event(Kind.Arrival, null, NewContact(c.Queue, t, c.Depth + 1, _repeats), 0));
    }

    private SimContact NewContact(int q, double arrival, int depth, RandomStream draws)
    {
        var contact = new SimContact
        {
            Id = _contacts.Count,
            Queue = q,
            Arrival = arrival,
            Repeat = depth > 0,
            Depth = depth,
            Patience = draws.NextExponential(1 / _queues[q].PatienceMeanSeconds),
            HandleNormal = draws.NextGaussian(),
            ResolveUniform = draws.NextDouble(),
            SurveyUniform = draws.NextDouble(),
            SatisfactionNoise = draws.NextGaussian(),
        };
        _contacts.Add(contact);
        return contact;
    }

    private void Push(double time, Event e) => _events.Enqueue(e, (time, _seq++));
}
