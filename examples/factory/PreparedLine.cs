using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;
using static TwinLab.Examples.Factory.TwinProperties;

namespace TwinLab.Examples.Factory;

/// <summary>
/// One scenario's line, ready to run: every figure converted to hours and held in arrays. Never changed after
/// <see cref="Create"/>, so replications on many threads share it; each <see cref="Run"/> builds its own <see cref="LineRun"/>.
/// </summary>
internal sealed class PreparedLine : IPreparedModel
{
    /// <summary>At most this many samples per time series, so long horizons and many replications stay small.</summary>
    private const int MaxSamples = 240;

    private PreparedLine(Distribution[] processing, double[] failureRate, double[] repairMean, int[] capacity,
        int crews, double warmup, double horizon, double costPerHour, double[] sampleTimes)
    {
        Processing = processing;
        FailureRate = failureRate;
        RepairMean = repairMean;
        Capacity = capacity;
        Crews = crews;
        Warmup = warmup;
        Horizon = horizon;
        CostPerHour = costPerHour;
        SampleTimes = sampleTimes;
    }

    /// <summary>Processing time of each machine, hours.</summary>
    public Distribution[] Processing { get; }
    /// <summary>Failures per operating hour of each machine.</summary>
    public double[] FailureRate { get; }
    /// <summary>Mean repair time of each machine, hours.</summary>
    public double[] RepairMean { get; }
    /// <summary>Capacity of each buffer (one fewer than machines).</summary>
    public int[] Capacity { get; }
    /// <summary>Repair crews.</summary>
    public int Crews { get; }
    /// <summary>End of the warm-up, hours.</summary>
    public double Warmup { get; }
    /// <summary>End of the run, hours.</summary>
    public double Horizon { get; }
    /// <summary>The scenario's cost per hour (the same in every replication).</summary>
    public double CostPerHour { get; }
    /// <summary>When the time series are sampled (shared by every replication's series; never written).</summary>
    public double[] SampleTimes { get; }
    /// <summary>Number of machines.</summary>
    public int Machines => Processing.Length;

    public static PreparedLine Create(LineDefinition line, LineSettings settings)
    {
        var machines = line.Machines;
        var capacity = line.Buffers.Select(b => settings.BufferSize ?? b.Capacity).ToArray();
        var cost = line.Costs.PerHour(settings.Crews, capacity.Sum());
        if (!(cost > 0))
            throw Error($"the line costs nothing per hour (see factory '{line.Costs.FactoryId}'); throughput per cost needs a positive cost");
        return new PreparedLine(
            [.. machines.Select(ProcessingTime)],
            [.. machines.Select(m => 1 / (m.MtbfHours * settings.MtbfScale))],
            [.. machines.Select(m => m.MttrMinutes * settings.MttrScale / 60)],
            capacity, settings.Crews, settings.WarmupHours, settings.HorizonHours, cost, SampleTimesFor(settings.HorizonHours));
    }

    /// <summary>Lognormal with the twin's mean and CV (positive and right-skewed, as cycle times are); fixed when the CV is 0.</summary>
    private static Distribution ProcessingTime(MachineSpec m)
    {
        var mean = m.ProcessingTimeMean / 60;
        return m.ProcessingTimeCv == 0 ? Distribution.Constant(mean) : Distribution.LogNormalFromMoments(mean, m.ProcessingTimeCv * mean);
    }

    /// <summary>Every whole number of hours, or a coarser whole-hour step on long horizons.</summary>
    private static double[] SampleTimesFor(double horizon)
    {
        var step = Math.Max(1, Math.Ceiling(horizon / MaxSamples));
        var count = (int)Math.Floor(horizon / step);
        return [.. Enumerable.Range(1, count).Select(k => k * step)];
    }

    /// <inheritdoc />
    public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(random);
        var run = new LineRun(this, random);
        run.Run(cancellationToken);
        return run.Outcome();
    }
}
