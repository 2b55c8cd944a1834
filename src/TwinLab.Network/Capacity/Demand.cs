namespace TwinLab.Network.Capacity;

/// <summary>A flow of traffic between two endpoints, at a mean rate, mapped to the nodes where it enters and leaves.</summary>
public sealed record Demand
{
    /// <summary>Source as written: a host, zone, node or IP address.</summary>
    public required string Source { get; init; }

    /// <summary>Destination as written.</summary>
    public required string Destination { get; init; }

    /// <summary>Mean rate in bit/s.</summary>
    public required double Rate { get; init; }

    /// <summary>The node the source attaches to.</summary>
    public required string SourceNode { get; init; }

    /// <summary>The node the destination attaches to.</summary>
    public required string DestinationNode { get; init; }

    /// <summary>The topology host the source is, if any (its failure drops the demand).</summary>
    public string? SourceHost { get; init; }

    /// <summary>The topology host the destination is, if any.</summary>
    public string? DestinationHost { get; init; }

    /// <summary>The service or application it carries (from a <c>service</c> column), or empty.</summary>
    public string Service { get; init; } = "";

    /// <summary>Line in the traffic file; 0 when built in code.</summary>
    public int Line { get; init; }

    /// <summary>A short label: <c>service src→dst</c>.</summary>
    public string Label => (Service.Length > 0 ? Service + " " : "") + Source + "→" + Destination;
}
