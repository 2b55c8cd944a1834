namespace TwinLab.Network.Capacity;

/// <summary>Per-link utilisation and latency, and per-demand paths, for one state of the network.</summary>
public sealed record CapacityResult
{
    /// <summary>The network evaluated (a what-if's copy when one was applied).</summary>
    public required CapacityNetwork Network { get; init; }

    /// <summary>The utilisation target.</summary>
    public required double Target { get; init; }

    /// <summary>Every link, in file order.</summary>
    public required IReadOnlyList<LinkUtilisation> Links { get; init; }

    /// <summary>Every demand, in file order.</summary>
    public required IReadOnlyList<DemandResult> Demands { get; init; }

    /// <summary>Links at or above the target, busiest first.</summary>
    public IReadOnlyList<LinkUtilisation> Bottlenecks => [.. Links.Where(l => l.Utilisation >= Target).OrderByDescending(l => l.Utilisation).ThenBy(l => l.Link.Name, StringComparer.Ordinal)];

    /// <summary>Links whose load reaches their capacity.</summary>
    public IReadOnlyList<LinkUtilisation> Overloaded => [.. Links.Where(l => l.Overloaded)];

    /// <summary>The highest link utilisation.</summary>
    public double MaxUtilisation => Links.Count == 0 ? 0 : Links.Max(l => l.Utilisation);

    /// <summary>Demands not carried (disconnected or with an endpoint down).</summary>
    public IReadOnlyList<DemandResult> NotCarried => [.. Demands.Where(d => d.Status != DemandStatus.Routed)];
}
