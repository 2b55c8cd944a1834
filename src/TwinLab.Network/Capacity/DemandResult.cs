namespace TwinLab.Network.Capacity;

/// <summary>How a demand fares: whether it is carried, on which path, with what mean latency.</summary>
public sealed record DemandResult
{
    /// <summary>The demand.</summary>
    public required Demand Demand { get; init; }

    /// <summary>Whether it is carried, cut off, or lost with its own endpoint.</summary>
    public required DemandStatus Status { get; init; }

    /// <summary>The nodes of its shortest path (the first one by link order when several tie).</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>Mean one-way latency in seconds: propagation plus M/M/1 queueing on every link used, weighted by the
    /// share of the demand on it (ECMP); null when not carried or when a link on the path is overloaded.</summary>
    public double? Latency { get; init; }

    /// <summary>The overloaded link on its path that makes the latency unbounded, if any.</summary>
    public string? OverloadedLink { get; init; }
}
