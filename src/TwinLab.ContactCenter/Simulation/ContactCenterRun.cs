using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Events;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// One replication of a contact centre on the low-level <see cref="EventEngine"/>: one handler, nine event kinds,
/// contacts in a <see cref="ContactPool"/> and per-queue <see cref="RefDeque"/>s, so a running replication
/// allocates nothing per event (the satisfaction predictor aside, which is the caller's code).
/// </summary>
/// <remarks>
/// <para>Time is in seconds from 00:00 of the start day. Fresh arrivals stop at the horizon; the run then drains
/// for at most <see cref="DrainSeconds"/> so contacts that arrived before the horizon get an outcome. KPIs count
/// contacts that arrived in [warm-up, horizon) and agent time in [warm-up, horizon).</para>
/// <para>Common random numbers: every queue draws its arrivals, handle times, patience, per-contact decisions,
/// delays and routing (deflection, channel shift) from its own sub-stream, always the same number of draws per
/// contact, and shrinkage has its own stream; so scenarios that change staffing or routing see the same customers.</para>
/// </remarks>
internal sealed partial class ContactCenterRun : IEventHandler
{
    /// <summary>Longest the run continues past the horizon to finish contacts already in the system.</summary>
    public const double DrainSeconds = 86_400;

    private const int FreshArrival = 0, RepeatArrival = 1, RetrialArrival = 2, ServiceEnd = 3, AbandonTimer = 4,
        OverflowTimer = 5, CallbackTimer = 6, AgentChange = 7, IntervalTick = 8;

    private readonly CompiledCenter _center;
    private readonly CompiledQueue[] _queues;
    private readonly EventEngine _engine;
    private readonly ContactPool _pool = new();
    private readonly QueueTally[] _tally;
    private readonly CenterTally _time;
    private readonly double _horizon;
    private readonly double _warmup;
    private readonly double _interval;
    private readonly int _queueCount;

    private readonly RandomStream[] _arrivalRandom;
    private readonly RandomStream[] _handleRandom;
    private readonly RandomStream[] _patienceRandom;
    private readonly RandomStream[] _decisionRandom;
    private readonly RandomStream[] _delayRandom;
    private readonly RandomStream[] _routeRandom;
    private readonly RandomStream _shrinkageRandom;

    private double _last;
    private int _currentInterval;

    /// <param name="center">The scenario.</param>
    /// <param name="random">The replication's stream; only its sub-streams are drawn from.</param>
    public ContactCenterRun(CompiledCenter center, RandomStream random)
    {
        _center = center;
        _queues = center.Queues;
        _queueCount = _queues.Length;
        _horizon = center.HorizonSeconds;
        _warmup = center.WarmupSeconds;
        _interval = center.IntervalSeconds;
        _engine = new EventEngine(4 * center.Agents.Length + 4 * _queueCount + 64);
        _tally = new QueueTally[_queueCount];
        _time = new CenterTally(center.SeriesIntervals);
        _arrivalRandom = Streams(random, 0);
        _handleRandom = Streams(random, 1);
        _patienceRandom = Streams(random, 2);
        _decisionRandom = Streams(random, 3);
        _delayRandom = Streams(random, 4);
        _routeRandom = Streams(random, 5);
        _shrinkageRandom = random.Split(int.MaxValue);
        _live = NewDeques();
        _callbacks = NewDeques();
        _waiting = new int[_queueCount];
        _callbacksWaiting = new int[_queueCount];
        _freeFor = new int[_queueCount];
        _isChat = _queues.Select(q => q.Channel == Channel.Chat).ToArray();
        _priority = _queues.Select(q => q.Priority).ToArray();
        var agents = center.Agents.Length;
        _status = new AgentStatus[agents];
        _shrunk = new bool[agents];
        _available = new bool[agents];
        _inService = new int[agents];
        _chatMode = new bool[agents];
        _lastFree = new double[agents];
        _cursor = new int[agents];
        _weekBase = new double[agents];
    }

    /// <summary>Sees each service start, when set.</summary>
    public IRunObserver? Observer { get; init; }

    /// <summary>Events dispatched (for benchmarks).</summary>
    public long Events => _engine.EventsProcessed;

    /// <summary>Simulates the horizon and the drain, then summarises.</summary>
    public ContactCenterResult Execute(CancellationToken cancellationToken)
    {
        Start();
        long steps = 0;
        while (_engine.NextEventTime < _horizon && _engine.Step())
            if ((++steps & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        Accumulate(_horizon);
        var end = _horizon + DrainSeconds;
        while (_pool.InSystem > 0 && _engine.NextEventTime < end && _engine.Step())
            if ((++steps & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        return ResultBuilder.Build(_center, _tally, _time);
    }

    /// <inheritdoc />
    public void Handle(int kind, long payload)
    {
        Accumulate(_engine.Now);
        switch (kind)
        {
            case FreshArrival: ArriveFresh((int)payload); break;
            case RepeatArrival: Arrive((int)payload, ContactPool.Repeat); break;
            case RetrialArrival: Arrive((int)payload, ContactPool.Retrial); break;
            case ServiceEnd: EndService((int)(payload >> 32), (int)(uint)payload); break;
            case AbandonTimer: Abandon(payload); break;
            case OverflowTimer: Overflow(payload); break;
            case CallbackTimer: OfferCallback(payload); break;
            case AgentChange: ChangeStatus((int)payload); break;
            default: Tick((int)payload); break;
        }
    }

    private void Start()
    {
        for (var q = 0; q < _queueCount; q++)
        {
            if (_queues[q].Arrivals is not { } arrivals) continue;
            var first = arrivals.NextArrival(0, _arrivalRandom[q]);
            if (first < _horizon) _engine.ScheduleAt(first, this, FreshArrival, q);
        }
        for (var a = 0; a < _status.Length; a++) StartAgent(a);
        Tick(0);
    }

    /// <summary>
    /// Adds agent and queue time since the last event to the integrals: the measured window's totals and the
    /// current interval's series (interval ticks are events, so a span never straddles two intervals).
    /// </summary>
    private void Accumulate(double now)
    {
        var from = _last;
        if (now <= from) return;
        _last = now;
        var to = now < _horizon ? now : _horizon;
        if (to <= from) return;
        var dt = to - from;
        var time = _time;
        if (_currentInterval < time.Intervals)
        {
            time.StaffedArea[_currentInterval] += dt * _staffed;
            time.BusyArea[_currentInterval] += dt * _busy;
            time.QueueArea[_currentInterval] += dt * _waitingTotal;
        }
        var start = from > _warmup ? from : _warmup;
        if (to <= start) return;
        var w = to - start;
        time.BusyAgentSeconds += w * _busy;
        time.StaffedAgentSeconds += w * _staffed;
        time.PaidAgentSeconds += w * _paid;
        time.CostSeconds += w * _paidCost;
    }

    /// <summary>Interval boundary k: shrinkage is redrawn for every agent (the same draws in every scenario).</summary>
    private void Tick(int k)
    {
        _currentInterval = k;
        var agents = _center.Agents;
        for (var a = 0; a < agents.Length; a++)
        {
            var shrunk = _shrinkageRandom.NextDouble() < agents[a].IntervalShrinkage;
            if (shrunk != _shrunk[a]) SetShrunk(a, shrunk);
        }
        var next = (k + 1) * _interval;
        if (next < _horizon + DrainSeconds) _engine.ScheduleAt(next, this, IntervalTick, k + 1);
    }

    private bool Counted(double arrival) => arrival >= _warmup;

    private int IntervalOf(double time) => Math.Min((int)(time / _interval), _time.Intervals - 1);

    private RefDeque[] NewDeques()
    {
        var deques = new RefDeque[_queueCount];
        for (var q = 0; q < deques.Length; q++) deques[q] = new RefDeque();
        return deques;
    }

    private RandomStream[] Streams(RandomStream random, int purpose)
    {
        var streams = new RandomStream[_queueCount];
        for (var q = 0; q < streams.Length; q++) streams[q] = random.Split(q * 8 + purpose);
        return streams;
    }
}
