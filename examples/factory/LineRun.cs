using TwinLab.Simulation.Events;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Examples.Factory;

/// <summary>
/// One replication of a serial line on the low-level event engine: one handler, three per-machine events and two
/// clock events, arrays for state, so it allocates nothing per event.
/// </summary>
/// <remarks>
/// <para>Raw material never runs out before the first machine and the last machine never waits for space. A finished
/// part goes to the next machine if it is idle, else into the buffer, else it stays on its machine, which is then
/// blocked (blocking after service). Taking a part from a buffer frees a slot for a blocked machine upstream, which
/// may then start its next part, and so on up the line.</para>
/// <para>Machines fail only while processing (operation-dependent failures): each carries the operating hours left
/// before its next failure. A machine has at most one pending event, a completion or a failure (whichever comes
/// first) or the end of its repair, so no event ever needs cancelling. A failure interrupts the part, whose
/// remaining work resumes after the repair. Repairs take a crew from the pool; broken machines queue FIFO.</para>
/// </remarks>
internal sealed class LineRun : IEventHandler
{
    private const int Done = 0, Failed = 1, Repaired = 2, Sample = 3, WarmupEnd = 4;
    private const byte Starved = 0, Processing = 1, Blocked = 2, Broken = 3;

    private readonly PreparedLine _line;
    private readonly EventEngine _engine;
    private readonly RandomStream[] _work, _wear, _repair;
    private readonly byte[] _state;
    private readonly double[] _remaining; // processing hours left on the part the machine holds
    private readonly double[] _toFailure; // operating hours left before the machine's next failure
    private readonly int[] _level;
    private readonly RepairQueue _waiting;
    private readonly double[] _outputSeries, _wipSeries;
    private readonly int _last;
    private int _freeCrews, _wip, _broken, _samples;
    private long _output;

    // Integrals over time since the start; the values at the end of the warm-up are subtracted at the end.
    private double _lastChange, _wipArea, _brokenArea, _busyArea;
    private Totals _atWarmup;

    public LineRun(PreparedLine line, RandomStream random)
    {
        _line = line;
        var n = line.Machines;
        _last = n - 1;
        _engine = new EventEngine(n + 2); // one event per machine, the next sample, the end of the warm-up
        // Sub-streams by machine and purpose: the k-th part, failure and repair of a machine get the same numbers
        // whatever the buffers and crews, so scenarios compare on common random numbers.
        _work = new RandomStream[n];
        _wear = new RandomStream[n];
        _repair = new RandomStream[n];
        for (var i = 0; i < n; i++)
        {
            var machine = random.Split(i);
            (_work[i], _wear[i], _repair[i]) = (machine.Split(0), machine.Split(1), machine.Split(2));
        }
        _state = new byte[n];
        _remaining = new double[n];
        _toFailure = new double[n];
        _level = new int[n - 1];
        _waiting = new RepairQueue(n);
        _outputSeries = new double[line.SampleTimes.Length];
        _wipSeries = new double[line.SampleTimes.Length];
    }

    public void Run(CancellationToken cancellationToken)
    {
        _freeCrews = _line.Crews;
        for (var i = 0; i <= _last; i++) _toFailure[i] = NextFailure(i);
        if (_line.Warmup > 0) _engine.ScheduleAt(_line.Warmup, this, WarmupEnd);
        if (_line.SampleTimes.Length > 0) _engine.ScheduleAt(_line.SampleTimes[0], this, Sample);
        TryStart(0);
        long steps = 0;
        while (_engine.NextEventTime <= _line.Horizon && _engine.Step())
            if ((++steps & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
        Accumulate(_line.Horizon);
    }

    public ReplicationOutcome Outcome()
    {
        var window = _line.Horizon - _line.Warmup;
        var throughput = (_output - _atWarmup.Output) / window;
        var wip = (_wipArea - _atWarmup.Wip) / window;
        var kpis = new double[FactoryInfo.KpiCount];
        kpis[FactoryInfo.Throughput] = throughput;
        kpis[FactoryInfo.CostPerHour] = _line.CostPerHour;
        kpis[FactoryInfo.ThroughputPerCost] = throughput / _line.CostPerHour * 1000; // per 1000 so reports show readable digits
        kpis[FactoryInfo.MeanWip] = wip;
        kpis[FactoryInfo.FlowTime] = throughput > 0 ? wip / throughput * 60 : double.NaN;
        kpis[FactoryInfo.Availability] = 1 - (_brokenArea - _atWarmup.Broken) / (window * _line.Machines);
        kpis[FactoryInfo.CrewUtilisation] = (_busyArea - _atWarmup.Busy) / (window * _line.Crews);
        return new ReplicationOutcome(kpis,
        [
            new TimeSeries("parts_made", _line.SampleTimes, _outputSeries),
            new TimeSeries("wip", _line.SampleTimes, _wipSeries),
        ]);
    }

    public void Handle(int kind, long payload)
    {
        Accumulate(_engine.Now);
        var machine = (int)payload;
        switch (kind)
        {
            case Done: Complete(machine); break;
            case Failed: Fail(machine); break;
            case Repaired: Repair(machine); break;
            case Sample: TakeSample(); break;
            default: _atWarmup = new Totals(_output, _wipArea, _brokenArea, _busyArea); break;
        }
    }

    /// <summary>Machine <paramref name="i"/> has no part: it takes one from upstream if it can, else it waits (starved).</summary>
    private void TryStart(int i)
    {
        if (i == 0)
        {
            _wip++;
            Begin(0);
            return;
        }
        var upstream = i - 1; // also the index of the buffer between the two machines
        if (_level[upstream] > 0)
        {
            _level[upstream]--;
            Begin(i);
            if (_state[upstream] != Blocked) return;
            _level[upstream]++;
            TryStart(upstream);
        }
        else if (_state[upstream] == Blocked)
        {
            Begin(i); // a buffer of capacity 0: the part passes straight from the machine upstream
            TryStart(upstream);
        }
        else _state[i] = Starved;
    }

    private void Begin(int i)
    {
        _remaining[i] = _line.Processing[i].Sample(_work[i]);
        Resume(i);
    }

    private void Resume(int i)
    {
        _state[i] = Processing;
        if (_toFailure[i] < _remaining[i]) _engine.Schedule(_toFailure[i], this, Failed, i);
        else _engine.Schedule(_remaining[i], this, Done, i);
    }

    private void Complete(int i)
    {
        _toFailure[i] -= _remaining[i];
        if (i == _last)
        {
            _output++;
            _wip--;
            TryStart(i);
        }
        else if (_state[i + 1] == Starved)
        {
            Begin(i + 1); // the buffer is empty, else the next machine would not be waiting
            TryStart(i);
        }
        else if (_level[i] < _line.Capacity[i])
        {
            _level[i]++;
            TryStart(i);
        }
        else _state[i] = Blocked;
    }

    private void Fail(int i)
    {
        _remaining[i] -= _toFailure[i];
        _state[i] = Broken;
        _broken++;
        if (_freeCrews > 0)
        {
            _freeCrews--;
            StartRepair(i);
        }
        else _waiting.Enqueue(i);
    }

    private void Repair(int i)
    {
        _broken--;
        _toFailure[i] = NextFailure(i);
        Resume(i);
        if (_waiting.Count > 0) StartRepair(_waiting.Dequeue());
        else _freeCrews++;
    }

    private void StartRepair(int i) => _engine.Schedule(_line.RepairMean[i] * -Math.Log(_repair[i].NextDouble()), this, Repaired, i);

    private double NextFailure(int i) => _wear[i].NextExponential(_line.FailureRate[i]);

    private void TakeSample()
    {
        _outputSeries[_samples] = _output;
        _wipSeries[_samples] = _wip;
        if (++_samples < _line.SampleTimes.Length) _engine.ScheduleAt(_line.SampleTimes[_samples], this, Sample);
    }

    private void Accumulate(double now)
    {
        var dt = now - _lastChange;
        _wipArea += dt * _wip;
        _brokenArea += dt * _broken;
        _busyArea += dt * (_line.Crews - _freeCrews);
        _lastChange = now;
    }

    /// <summary>Counters at the end of the warm-up.</summary>
    private readonly record struct Totals(long Output, double Wip, double Broken, double Busy);
}
