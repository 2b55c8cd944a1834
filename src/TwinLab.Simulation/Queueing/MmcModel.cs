using TwinLab.Simulation.Events;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Queueing;

/// <summary>
/// One replication of an M/M/c queue on the low-level engine: a single handler, two event kinds and a ring
/// buffer of arrival times, so once running it allocates nothing per event.
/// </summary>
/// <remarks>
/// <para>Exponential times are drawn by <see cref="ExponentialZiggurat"/>, scaled by the mean (a multiplication
/// rather than a division per draw).</para>
/// <para>Customers are numbered in arrival order; with one FIFO queue they also start service in that order,
/// which is how a service start is matched to its customer without storing anything per customer.</para>
/// <para>The first <c>warmup</c> customers are discarded. The measurement window opens when customer number
/// <c>warmup</c> arrives and closes when the last counted customer starts service (or at <see cref="Finish"/>):
/// per-customer statistics cover the counted customers, time averages cover the window. Service times are
/// drawn at service start, so a customer's time in system is known then. After the last counted customer has
/// arrived no more arrive, and the queue drains: a run of N customers in all dispatches exactly 2N events.</para>
/// </remarks>
internal sealed class MmcModel : IEventHandler
{
    private const int Arrival = 0;
    private const int Departure = 1;

    private readonly EventEngine _engine;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _services;
    private readonly double _meanGap;
    private readonly double _meanService;
    private readonly int _servers;
    private readonly long _warmup;
    private readonly long _lastCounted;

    private ArrivalTimes _queue = new(256);
    private int _busy;
    private long _arrived;
    private long _started;

    private bool _measuring;
    private double _windowStart = double.NaN;
    private double _windowEnd = double.NaN;
    private double _lastChange;
    private double _queueArea;
    private double _busyArea;
    private long _departures;
    private long _counted;
    private long _waited;
    private double _waitSum;
    private double _systemSum;

    /// <param name="engine">A fresh engine for this replication.</param>
    /// <param name="arrivals">Draws the gaps between arrivals.</param>
    /// <param name="services">Draws service times.</param>
    /// <param name="arrivalRate">λ.</param>
    /// <param name="serviceRate">μ, per server.</param>
    /// <param name="servers">c.</param>
    /// <param name="warmup">Customers discarded at the start.</param>
    /// <param name="customers">Customers counted after the warm-up; <see cref="long.MaxValue"/> for an endless stream.</param>
    public MmcModel(EventEngine engine, RandomStream arrivals, RandomStream services,
        double arrivalRate, double serviceRate, int servers, long warmup, long customers)
    {
        _engine = engine;
        _arrivals = arrivals;
        _services = services;
        _meanGap = 1 / arrivalRate;
        _meanService = 1 / serviceRate;
        _servers = servers;
        _warmup = warmup;
        _lastCounted = customers > long.MaxValue - warmup ? long.MaxValue - 1 : warmup + customers - 1;
    }

    public long CountedCustomers => _counted;
    public double MeanWait => _waitSum / _counted;
    public double WaitProbability => (double)_waited / _counted;
    public double MeanSystemTime => _systemSum / _counted;
    public double MeanQueueLength => _queueArea / WindowLength;
    public double Utilisation => _busyArea / (_servers * WindowLength);
    public double Throughput => _departures / WindowLength;
    private double WindowLength => _windowEnd - _windowStart;

    /// <summary>Schedules the first arrival.</summary>
    public void Start() => _engine.Schedule(ExponentialZiggurat.NextStandard(_arrivals) * _meanGap, this, Arrival);

    /// <summary>Closes the measurement window at <paramref name="time"/> if the customer count has not already.</summary>
    public void Finish(double time)
    {
        if (!_measuring) return;
        Accumulate(time);
        Close(time);
    }

    public void Handle(int kind, long payload)
    {
        if (kind == Arrival) Arrive();
        else Depart();
    }

    private void Arrive()
    {
        var now = _engine.Now;
        if (_arrived == _warmup) Open(now);
        if (_arrived++ < _lastCounted) _engine.Schedule(ExponentialZiggurat.NextStandard(_arrivals) * _meanGap, this, Arrival);
        Accumulate(now);
        if (_busy < _servers)
        {
            _busy++;
            BeginService(now, now, queued: false);
        }
        else _queue.Enqueue(now);
    }

    private void Depart()
    {
        var now = _engine.Now;
        Accumulate(now);
        if (_measuring) _departures++;
        if (_queue.Count > 0) BeginService(now, _queue.Dequeue(), queued: true);
        else _busy--;
    }

    private void BeginService(double now, double arrivedAt, bool queued)
    {
        var service = ExponentialZiggurat.NextStandard(_services) * _meanService;
        _engine.Schedule(service, this, Departure);
        var customer = _started++;
        if (customer < _warmup || customer > _lastCounted) return;
        var wait = now - arrivedAt;
        _counted++;
        _waitSum += wait;
        _systemSum += wait + service;
        if (queued) _waited++;
        if (customer == _lastCounted) Close(now);
    }

    private void Open(double now)
    {
        _measuring = true;
        _windowStart = now;
        _lastChange = now;
    }

    private void Close(double now)
    {
        _measuring = false;
        _windowEnd = now;
    }

    /// <summary>Adds the time since the last state change to the queue-length and busy-server integrals.</summary>
    private void Accumulate(double now)
    {
        if (!_measuring) return;
        var dt = now - _lastChange;
        _queueArea += dt * _queue.Count;
        _busyArea += dt * _busy;
        _lastChange = now;
    }
}
