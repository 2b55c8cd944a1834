using TwinLab.Network.Firewall;

namespace TwinLab.Network.Reachability;

/// <summary>A service to reach: a host and the protocol and port it listens on.</summary>
/// <param name="Host">The host name (in the topology).</param>
/// <param name="Protocol">TCP, UDP or ICMP.</param>
/// <param name="Port">The port (0 for ICMP).</param>
/// <param name="Name">The service name, such as <c>ssh</c> (informative).</param>
public readonly record struct ServiceEndpoint(string Host, IpProtocol Protocol, int Port, string Name = "");

/// <summary>A MulVAL <c>hacl(src, dst, protocol, port)</c> fact: <see cref="Source"/> can open a new connection to the service.</summary>
/// <param name="Source">The source host or zone name.</param>
/// <param name="Destination">The destination host.</param>
/// <param name="Protocol">The protocol.</param>
/// <param name="Port">The port.</param>
public readonly record struct Hacl(string Source, string Destination, IpProtocol Protocol, int Port);
