using System.Globalization;
using TwinLab.Network.Firewall;

namespace TwinLab.Network.Topology;

/// <summary>A service a host listens on, written <c>ssh/tcp/22</c> (or <c>tcp/22</c>).</summary>
/// <param name="Name">The service name, such as <c>ssh</c>; the protocol and port when none is written.</param>
/// <param name="Protocol">TCP, UDP or ICMP.</param>
/// <param name="Port">The port; 0 for ICMP.</param>
public sealed record HostService(string Name, IpProtocol Protocol, int Port)
{
    /// <summary>Reads <c>name/proto/port</c> or <c>proto/port</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="service">The service read.</param>
    /// <param name="problem">Why it could not be read.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string text, out HostService service, out string problem)
    {
        service = null!;
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3)
        {
            problem = $"'{text}' is not a service; write name/protocol/port such as ssh/tcp/22";
            return false;
        }
        var proto = IpProtocols.Parse(parts[^2]);
        if (proto is not (IpProtocol.Tcp or IpProtocol.Udp))
        {
            problem = $"'{text}' has protocol '{parts[^2]}'; a service is tcp or udp";
            return false;
        }
        if (!int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"'{text}' has port '{parts[^1]}'; a port is 1 to 65535";
            return false;
        }
        service = new HostService(parts.Length == 3 ? parts[0] : $"{parts[^2]}/{parts[^1]}", proto, port);
        problem = "";
        return true;
    }

    /// <summary><c>name/proto/port</c>.</summary>
    public override string ToString() => $"{Name}/{Protocol.Name()}/{Port.ToString(CultureInfo.InvariantCulture)}";
}
