using TwinLab.Network.Firewall;

namespace TwinLab.Network.Topology;

/// <summary>A protocol and port range of an allowed flow; <see cref="IpProtocol.Any"/> with all ports for <c>any</c>.</summary>
/// <param name="Protocol">The protocol.</param>
/// <param name="Ports">The ports.</param>
public sealed record FlowPort(IpProtocol Protocol, PortRange Ports)
{
    /// <summary>True when the flow admits that protocol and port.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <param name="port">The port.</param>
    public bool Admits(IpProtocol protocol, int port) =>
        Protocol == IpProtocol.Any || (Protocol == protocol && (protocol == IpProtocol.Icmp || Ports.Contains(port)));

    /// <summary><c>tcp/3306</c>, <c>tcp/8000-8080</c>, <c>icmp</c> or <c>any</c>.</summary>
    public override string ToString() => Protocol switch
    {
        IpProtocol.Any => "any",
        IpProtocol.Icmp => "icmp",
        _ => $"{Protocol.Name()}/{(Ports.From == Ports.To ? Ports.From.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Ports.From}-{Ports.To}")}",
    };
}

/// <summary>Traffic the topology allows where no firewall file decides: <c>from: dmz, to: servers, ports: [tcp/3306]</c>.</summary>
/// <param name="From">A zone or host name that opens connections.</param>
/// <param name="To">A zone or host name that accepts them.</param>
/// <param name="Ports">What is allowed.</param>
public sealed record AllowedFlow(string From, string To, IReadOnlyList<FlowPort> Ports)
{
    /// <summary>1-based line in the topology file; 0 when built in code.</summary>
    public int Line { get; init; }
}
