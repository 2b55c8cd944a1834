namespace TwinLab.Network.Capacity;

/// <summary>What one single failure does: demands cut off, demands lost with the failed element, links pushed over the target.</summary>
public sealed record FailureImpact
{
    /// <summary>The failed link or node.</summary>
    public required string Element { get; init; }

    /// <summary>Whether a link or a node failed.</summary>
    public required FailureKind Kind { get; init; }

    /// <summary>Demands whose endpoints are still up but which no longer have a path: the failed element is a single
    /// point of failure for them.</summary>
    public required IReadOnlyList<Demand> Disconnected { get; init; }

    /// <summary>Demands that start or end at the failed node (lost with it, whatever the redundancy).</summary>
    public required IReadOnlyList<Demand> EndpointDown { get; init; }

    /// <summary>Surviving links the failure pushes (further) over the utilisation target: at or above it after
    /// re-routing and busier than with everything up; busiest first. Base-case bottlenecks the failure does not touch
    /// are not repeated here.</summary>
    public required IReadOnlyList<LinkStress> OverTarget { get; init; }

    /// <summary>The highest utilisation of a surviving link.</summary>
    public required double WorstUtilisation { get; init; }

    /// <summary>That link, or null when no link survives.</summary>
    public string? WorstLink { get; init; }

    /// <summary>Whether this failure cuts off demands between surviving endpoints.</summary>
    public bool IsSinglePointOfFailure => Disconnected.Count > 0;

    /// <summary>Whether a surviving link reaches its capacity.</summary>
    public bool Overloads => WorstUtilisation >= 1;
}
