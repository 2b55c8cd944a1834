namespace TwinLab.Simulation.Experiments;

/// <summary>What one replication produced.</summary>
/// <param name="Kpis">KPI values in the order of <see cref="SimulatorInfo.Kpis"/>.</param>
/// <param name="Series">Optional time series (for bands in reports), each sampled at the same times in every replication.</param>
public sealed record ReplicationOutcome(double[] Kpis, IReadOnlyList<TimeSeries>? Series = null);

/// <summary>A sampled time series from one replication.</summary>
/// <param name="Name">What it measures.</param>
/// <param name="Times">Sample times.</param>
/// <param name="Values">Values at those times.</param>
public sealed record TimeSeries(string Name, double[] Times, double[] Values);
