using TwinLab.Network.Firewall;

namespace TwinLab.Network.Reachability;

/// <summary>The first packet of a new connection, as the engine tests it against rules.</summary>
/// <remarks><see cref="State"/> is NEW, plus DNAT when the firewall's nat table translated the destination to this one.</remarks>
internal readonly record struct Packet(bool IsIPv6, UInt128 Source, UInt128 Destination, IpProtocol Protocol, int SourcePort, int DestinationPort)
{
    public ConnectionStates State { get; init; } = ConnectionStates.New;
}
