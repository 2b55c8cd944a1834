using System.Globalization;

namespace TwinLab.Network.Capacity;

/// <summary>Bit rates and delays as people write them: <c>1G</c>, <c>10Gbit</c>, <c>100 Mbps</c>, <c>2.5Gbit/s</c>,
/// <c>800k</c>; <c>2ms</c>, <c>150us</c>, <c>0.01s</c>.</summary>
/// <remarks>Prefixes are decimal (k = 10³, M = 10⁶, G = 10⁹, T = 10¹²) as for line rates (IEEE 802.3 and ITU-T use
/// decimal multiples for bit rates). A bare number is bits per second. A <c>B</c> suffix (<c>MB/s</c>, <c>MBps</c>)
/// means bytes and is multiplied by 8.</remarks>
public static class BitRate
{
    /// <summary>Parses a rate in bits per second.</summary>
    /// <param name="text">The text.</param>
    /// <param name="bitsPerSecond">The rate.</param>
    /// <param name="problem">Why it is not a rate.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string text, out double bitsPerSecond, out string problem)
    {
        bitsPerSecond = 0;
        var s = text.Trim().Replace(" ", "", StringComparison.Ordinal);
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or 'e' or 'E' or '+' or '-') && !(s[i] is 'e' or 'E' && (i + 1 >= s.Length || !(char.IsAsciiDigit(s[i + 1]) || s[i + 1] is '+' or '-')))) i++;
        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            problem = $"'{text}' is not a rate (write e.g. 1G, 100Mbit, 2.5 Gbit/s, 800k)";
            return false;
        }
        var unit = s[i..];
        if (unit.EndsWith("/s", StringComparison.OrdinalIgnoreCase)) unit = unit[..^2];
        else if (unit.EndsWith("ps", StringComparison.Ordinal)) unit = unit[..^2];
        double multiplier = 1;
        if (unit.Length > 0 && "kKMGT".Contains(unit[0], StringComparison.Ordinal))
        {
            multiplier = unit[0] switch { 'k' or 'K' => 1e3, 'M' => 1e6, 'G' => 1e9, _ => 1e12 };
            unit = unit[1..];
        }
        switch (unit)
        {
            case "" or "b" or "bit" or "bits" or "bps":
                break;
            case "B" or "Byte" or "Bytes" or "byte" or "bytes":
                multiplier *= 8;
                break;
            default:
                problem = $"'{text}' has an unknown unit; use bit/s with k, M, G or T (e.g. 10G, 100Mbit, 800 kbps) or bytes (MB/s)";
                return false;
        }
        if (number < 0)
        {
            problem = $"'{text}' is negative";
            return false;
        }
        bitsPerSecond = number * multiplier;
        problem = "";
        return true;
    }

    /// <summary>Parses a delay in seconds: <c>2ms</c>, <c>150us</c> (or <c>µs</c>), <c>0.01s</c>; a bare number is milliseconds.</summary>
    /// <param name="text">The text.</param>
    /// <param name="seconds">The delay.</param>
    /// <param name="problem">Why it is not a delay.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParseDelay(string text, out double seconds, out string problem)
    {
        seconds = 0;
        var s = text.Trim().Replace(" ", "", StringComparison.Ordinal);
        var (unit, scale) = s.EndsWith("ms", StringComparison.Ordinal) ? ("ms", 1e-3)
            : s.EndsWith("us", StringComparison.Ordinal) || s.EndsWith("µs", StringComparison.Ordinal) ? ("us", 1e-6)
            : s.EndsWith("ns", StringComparison.Ordinal) ? ("ns", 1e-9)
            : s.EndsWith('s') ? ("s", 1.0) : ("", 1e-3);
        var number = s[..^unit.Length];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
        {
            problem = $"'{text}' is not a delay (write e.g. 2ms, 150us, 0.01s)";
            return false;
        }
        seconds = v * scale;
        problem = "";
        return true;
    }

    /// <summary>A rate as short text: <c>1G</c>, <c>2.5G</c>, <c>100M</c>, <c>640k</c>.</summary>
    /// <param name="bitsPerSecond">The rate.</param>
    /// <returns>The text.</returns>
    public static string Format(double bitsPerSecond)
    {
        var (value, suffix) = bitsPerSecond >= 1e12 ? (bitsPerSecond / 1e12, "T") : bitsPerSecond >= 1e9 ? (bitsPerSecond / 1e9, "G")
            : bitsPerSecond >= 1e6 ? (bitsPerSecond / 1e6, "M") : bitsPerSecond >= 1e3 ? (bitsPerSecond / 1e3, "k") : (bitsPerSecond, "");
        return value.ToString(value >= 100 ? "0" : value >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + suffix;
    }
}
