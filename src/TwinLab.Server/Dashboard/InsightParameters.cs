using System.Globalization;
using System.Text.RegularExpressions;
using TwinLab.Core.Errors;

namespace TwinLab.Server.Dashboard;

/// <summary>
/// Reads the query parameters of the dashboard's read endpoints (<see cref="TwinInsightApi"/>): each bad value is a 400
/// <c>InvalidArgument</c> whose message names the parameter and says what it takes.
/// </summary>
internal static partial class InsightParameters
{
    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public static int Integer(string? text, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw Bad($"{name}='{text}' must be a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
        return n;
    }

    /// <summary><c>true</c>/<c>false</c> (also <c>1</c>/<c>0</c>), or <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(string? text, string name, bool fallback)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        return text.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw Bad($"{name}='{text}' must be true or false."),
        };
    }

    /// <summary>An ISO 8601 time (UTC unless it says otherwise), or <c>null</c> when absent.</summary>
    public static DateTimeOffset? Time(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw Bad($"{name}='{text}' is not an ISO 8601 time such as 2026-11-20T10:00:00Z.");
    }

    /// <summary>Checks that <paramref name="from"/> is before <paramref name="to"/> when both are given.</summary>
    public static void Range(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f && to is { } t && f >= t)
            throw Bad($"from ({f:O}) must be before to ({t:O}).");
    }

    /// <summary>
    /// A bucket width: a number and a unit (<c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>, <c>1w</c>) or an ISO 8601
    /// duration (<c>PT15M</c>), at least one millisecond; <c>null</c> when absent.
    /// </summary>
    public static TimeSpan? Duration(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return null;
        TimeSpan? width = null;
        if (ShortDuration().Match(text) is { Success: true } m && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            var unit = m.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" or "min" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            if (n <= TimeSpan.MaxValue.Ticks / unit.Ticks) width = TimeSpan.FromTicks(n * unit.Ticks);
        }
        else if (text.StartsWith('P'))
        {
            try
            {
                width = System.Xml.XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
            }
            catch (OverflowException)
            {
            }
        }
        if (width is not { } w || w < TimeSpan.FromMilliseconds(1))
            throw Bad($"{name}='{text}' must be a duration of at least 1 ms such as 30s, 15m, 1h, 1d or PT15M.");
        return w;
    }

    /// <summary>The values of a repeatable parameter; each may also hold a comma-separated list. Blank entries are left out.</summary>
    public static IReadOnlyList<string> List(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    /// <summary>A 400 InvalidArgument with <paramref name="message"/>.</summary>
    public static TwinLabException Bad(string message) => new(ErrorCodes.InvalidArgument, message);

    [GeneratedRegex("^([0-9]+)(ms|s|m|min|h|d|w)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShortDuration();
}
