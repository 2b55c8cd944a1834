using System.Globalization;

namespace TwinLab.Network.Firewall;

/// <summary>An inclusive range of TCP/UDP ports, <c>22</c> or <c>1024:65535</c>.</summary>
/// <param name="From">The first port.</param>
/// <param name="To">The last port (equal to <paramref name="From"/> for one port).</param>
public readonly record struct PortRange(int From, int To)
{
    /// <summary>Every port, 0 to 65535.</summary>
    public static PortRange All { get; } = new(0, 65535);

    /// <summary>True when <paramref name="port"/> lies inside the range.</summary>
    /// <param name="port">The port.</param>
    public bool Contains(int port) => port >= From && port <= To;

    /// <summary>Reads <c>N</c>, <c>N:M</c> or <c>N-M</c>; an open end (<c>:1023</c>, <c>1024:</c>) runs to 0 or 65535 as iptables reads it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="range">The range read.</param>
    /// <returns>True when the text is a valid port or range.</returns>
    public static bool TryParse(string text, out PortRange range)
    {
        range = default;
        var sep = text.IndexOfAny([':', '-']);
        if (sep < 0)
        {
            if (!TryPort(text, out var p)) return false;
            range = new PortRange(p, p);
            return true;
        }
        var fromText = text[..sep];
        var toText = text[(sep + 1)..];
        var from = 0;
        var to = 65535;
        if (fromText.Length > 0 && !TryPort(fromText, out from)) return false;
        if (toText.Length > 0 && !TryPort(toText, out to)) return false;
        if (from > to) return false;
        range = new PortRange(from, to);
        return true;
    }

    /// <summary>The range as iptables writes it: <c>22</c> or <c>1024:65535</c>.</summary>
    public override string ToString() => From == To
        ? From.ToString(CultureInfo.InvariantCulture)
        : $"{From.ToString(CultureInfo.InvariantCulture)}:{To.ToString(CultureInfo.InvariantCulture)}";

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
}
