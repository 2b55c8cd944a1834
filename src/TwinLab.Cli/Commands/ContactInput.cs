using System.Globalization;

namespace TwinLab.Cli.Commands;

/// <summary>Reads the numbers of the <c>contact</c> verbs: durations (<c>30m</c>, <c>180</c>, <c>3min</c>, <c>1h</c>), rates
/// (<c>100</c>, <c>100/30m</c>, <c>200/h</c>), shares (<c>5%</c> or <c>0.05</c>) and targets (<c>80/20</c>).</summary>
internal static class ContactInput
{
    /// <summary>A duration in seconds; a bare number is in <paramref name="defaultUnit"/> ("s" or "min").</summary>
    public static double Seconds(string text, string option, string defaultUnit)
    {
        var t = text.Trim().ToLowerInvariant();
        var split = t.Length;
        while (split > 0 && char.IsAsciiLetter(t[split - 1])) split--;
        var (number, unit) = (t[..split].Trim(), t[split..]);
        var scale = (unit.Length == 0 ? defaultUnit : unit) switch
        {
            "s" or "sec" or "secs" or "second" or "seconds" => 1.0,
            "m" or "min" or "mins" or "minute" or "minutes" => 60.0,
            "h" or "hr" or "hrs" or "hour" or "hours" => 3600.0,
            _ => throw new CliUsageException($"{option} {text}: unknown unit '{unit}'; use s, min (or m) or h, e.g. {option} 30m."),
        };
        var value = number.Length == 0 && unit.Length > 0 ? 1 : Number(number, option, text);
        if (!(value > 0)) throw new CliUsageException($"{option} {text}: must be positive.");
        return value * scale;
    }

    /// <summary>Contacts per <paramref name="intervalSeconds"/>: <c>R</c> (per interval), <c>R/30m</c>, <c>R/h</c>.</summary>
    public static double ContactsPerInterval(string text, double intervalSeconds)
    {
        var slash = text.IndexOf('/');
        var count = Number(slash < 0 ? text : text[..slash], "--rate", text);
        if (count < 0) throw new CliUsageException($"--rate {text}: must not be negative.");
        if (slash < 0) return count;
        var period = Seconds(text[(slash + 1)..], "--rate", "min");
        return count * intervalSeconds / period;
    }

    /// <summary>A share in [0, 1]: <c>5%</c>, or a fraction such as <c>0.05</c>.</summary>
    public static double Share(string text, string option)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        var value = Number(percent ? t[..^1] : t, option, text);
        if (percent) value /= 100;
        else if (value > 1) throw new CliUsageException($"{option} {text}: a share is a fraction (0.05) or a percentage (5%).");
        if (value is < 0 or > 1) throw new CliUsageException($"{option} {text}: must be between 0% and 100%.");
        return value;
    }

    /// <summary>A service-level target <c>80/20</c> (80% answered within 20 s; also <c>80%/20s</c>).</summary>
    public static (double ServiceLevel, double Seconds) Target(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) throw new CliUsageException($"--target {text}: write PERCENT/SECONDS, e.g. --target 80/20 for 80% answered within 20 s.");
        var level = Number(text[..slash].Trim().TrimEnd('%'), "--target", text);
        if (level is <= 0 or >= 100) throw new CliUsageException($"--target {text}: the service level must be a percentage between 0 and 100, e.g. 80/20.");
        var seconds = text[(slash + 1)..].Trim() is var s && s.Length > 0 ? TargetSeconds(s, text) : throw new CliUsageException($"--target {text}: the answer time is missing, e.g. 80/20.");
        return (level / 100, seconds);
    }

    private static double TargetSeconds(string s, string text)
    {
        if (Number(s.TrimEnd('s', 'S'), "--target", text, quiet: true) is { } zero && zero == 0) return 0;
        return Seconds(s, "--target", "s");
    }

    private static double Number(string s, string option, string text) =>
        Number(s, option, text, quiet: false) ?? throw new CliUsageException($"{option} {text}: not a number.");

    private static double? Number(string s, string option, string text, bool quiet)
    {
        if (double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        return quiet ? null : throw new CliUsageException($"{option} {text}: '{s.Trim()}' is not a number (use '.' for decimals).");
    }
}
