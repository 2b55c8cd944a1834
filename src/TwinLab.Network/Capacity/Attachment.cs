using TwinLab.Network.Firewall;

namespace TwinLab.Network.Capacity;

/// <summary>Where traffic of a host, a zone or a subnet enters the link network: exactly one of <see cref="Host"/>,
/// <see cref="Zone"/> or <see cref="Subnet"/> is set.</summary>
/// <param name="Node">The node it attaches to.</param>
public sealed record Attachment(string Node)
{
    /// <summary>A host of the topology (its name), attached to <see cref="Node"/>.</summary>
    public string? Host { get; init; }

    /// <summary>A zone of the topology: its hosts and addresses attach to <see cref="Node"/>.</summary>
    public string? Zone { get; init; }

    /// <summary>Addresses outside the topology (a branch office, a cloud range).</summary>
    public IpPrefix? Subnet { get; init; }

    /// <summary>Line in the links file; 0 when built in code.</summary>
    public int Line { get; init; }
}
