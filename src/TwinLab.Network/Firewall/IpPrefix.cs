using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TwinLab.Network.Firewall;

/// <summary>An IPv4 or IPv6 network in CIDR form (<c>10.1.0.0/16</c>, <c>2001:db8::/32</c>); a bare address is a /32 or /128.</summary>
/// <remarks>Addresses are held as 128-bit numbers (IPv4 in the low 32 bits) so ranges compare with plain integer arithmetic.</remarks>
public readonly record struct IpPrefix
{
    private IpPrefix(bool isIPv6, UInt128 first, int length)
    {
        IsIPv6 = isIPv6;
        Length = length;
        var bits = isIPv6 ? 128 : 32;
        var hostMask = length == bits ? UInt128.Zero : (UInt128.One << (bits - length)) - 1;
        First = first & ~hostMask;
        Last = First | hostMask;
    }

    /// <summary>True for an IPv6 prefix.</summary>
    public bool IsIPv6 { get; }

    /// <summary>The prefix length in bits.</summary>
    public int Length { get; }

    /// <summary>The lowest address as a number (IPv4 in the low 32 bits).</summary>
    public UInt128 First { get; }

    /// <summary>The highest address as a number.</summary>
    public UInt128 Last { get; }

    /// <summary>The whole IPv4 space, <c>0.0.0.0/0</c>.</summary>
    public static IpPrefix AnyIPv4 { get; } = new(false, UInt128.Zero, 0);

    /// <summary>The whole IPv6 space, <c>::/0</c>.</summary>
    public static IpPrefix AnyIPv6 { get; } = new(true, UInt128.Zero, 0);

    /// <summary>The prefix holding exactly one address.</summary>
    /// <param name="address">An IPv4 or IPv6 address.</param>
    public static IpPrefix Single(IPAddress address) =>
        new(address.AddressFamily == AddressFamily.InterNetworkV6, ToNumber(address), address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);

    /// <summary>Reads <c>a.b.c.d/n</c>, <c>a.b.c.d</c>, <c>a.b.c.d/255.255.0.0</c> (as iptables-save may print) or an IPv6 prefix.</summary>
    /// <param name="text">The text.</param>
    /// <param name="prefix">The prefix read.</param>
    /// <param name="problem">Why it could not be read.</param>
    /// <returns>True when <paramref name="text"/> is a valid prefix.</returns>
    public static bool TryParse(string text, out IpPrefix prefix, out string problem)
    {
        prefix = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Length == 0 || (!addressText.Contains('.') && !addressText.Contains(':')))
        {
            problem = $"'{text}' is not an IPv4 or IPv6 address or CIDR prefix";
            return false;
        }
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var bits = v6 ? 128 : 32;
        var length = bits;
        if (slash >= 0)
        {
            var lengthText = text[(slash + 1)..];
            if (!v6 && lengthText.Contains('.') && IPAddress.TryParse(lengthText, out var mask) && MaskLength(ToNumber(mask)) is { } fromMask)
                length = fromMask;
            else if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > bits)
            {
                problem = $"'{text}' has a bad prefix length '{lengthText}' (0 to {bits})";
                return false;
            }
        }
        prefix = new IpPrefix(v6, ToNumber(address), length);
        problem = "";
        return true;
    }

    /// <summary>Reads a prefix, throwing <see cref="FormatException"/> when the text is not one.</summary>
    /// <param name="text">The text, such as <c>10.0.0.0/8</c>.</param>
    /// <returns>The prefix.</returns>
    public static IpPrefix Parse(string text) => TryParse(text, out var p, out var problem) ? p : throw new FormatException(problem);

    /// <summary>True when the address lies inside this prefix (and is of the same family).</summary>
    /// <param name="address">The address.</param>
    public bool Contains(IPAddress address)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        if (v6 != IsIPv6) return false;
        var n = ToNumber(address);
        return n >= First && n <= Last;
    }

    /// <summary>True when every address of <paramref name="other"/> lies inside this prefix.</summary>
    /// <param name="other">The other prefix.</param>
    public bool Contains(IpPrefix other) => other.IsIPv6 == IsIPv6 && other.First >= First && other.Last <= Last;

    /// <summary>The address as a number: IPv4 in the low 32 bits, IPv6 as all 128 bits.</summary>
    /// <param name="address">The address; an IPv4-mapped IPv6 address is taken as IPv6.</param>
    public static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 n = 0;
        foreach (var b in bytes) n = (n << 8) | b;
        return n;
    }

    /// <summary>The address for a number of the given family.</summary>
    /// <param name="number">The number.</param>
    /// <param name="isIPv6">The family.</param>
    public static IPAddress ToAddress(UInt128 number, bool isIPv6)
    {
        var bytes = new byte[isIPv6 ? 16 : 4];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(number & 0xFF);
            number >>= 8;
        }
        return new IPAddress(bytes);
    }

    /// <summary>The prefix in CIDR form, such as <c>10.1.0.0/16</c>.</summary>
    public override string ToString() => $"{ToAddress(First, IsIPv6)}/{Length.ToString(CultureInfo.InvariantCulture)}";

    private static int? MaskLength(UInt128 mask)
    {
        // A dotted mask must be contiguous ones followed by zeros.
        var length = 0;
        for (var bit = 31; bit >= 0 && ((mask >> bit) & 1) == 1; bit--) length++;
        var expected = length == 0 ? UInt128.Zero : ((UInt128.One << length) - 1) << (32 - length);
        return mask == expected ? length : null;
    }
}
