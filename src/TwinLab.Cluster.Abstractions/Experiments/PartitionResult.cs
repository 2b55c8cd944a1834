namespace TwinLab.Cluster.Experiments;

/// <summary>The outcomes of one partition, in replication order (doubles travel bit for bit).</summary>
/// <param name="Key">The partition (<see cref="PartitionWork.Key"/>).</param>
/// <param name="First">First replication index.</param>
/// <param name="Outcomes">One per replication of the partition; <c>null</c> for one that did not finish.</param>
/// <param name="Silo">The silo that ran it.</param>
[GenerateSerializer, Immutable, Alias("twinlab.PartitionResult")]
public sealed record PartitionResult(
    [property: Id(0)] string Key,
    [property: Id(1)] int First,
    [property: Id(2)] IReadOnlyList<OutcomeWire?> Outcomes,
    [property: Id(3)] string Silo);

/// <summary>One replication's outcome as sent between silos.</summary>
/// <param name="Kpis">KPI values in the simulator's order.</param>
/// <param name="Series">Sampled time series, when the simulator reports them.</param>
[GenerateSerializer, Immutable, Alias("twinlab.OutcomeWire")]
public sealed record OutcomeWire([property: Id(0)] double[] Kpis, [property: Id(1)] IReadOnlyList<SeriesWire>? Series);

/// <summary>A sampled time series of one replication.</summary>
/// <param name="Name">What it measures.</param>
/// <param name="Times">Sample times.</param>
/// <param name="Values">Values at those times.</param>
[GenerateSerializer, Immutable, Alias("twinlab.SeriesWire")]
public sealed record SeriesWire([property: Id(0)] string Name, [property: Id(1)] double[] Times, [property: Id(2)] double[] Values);
