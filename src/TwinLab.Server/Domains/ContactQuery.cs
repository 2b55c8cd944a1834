using System.Globalization;
using TwinLab.ContactCenter.Analytics;
using TwinLab.Core.Errors;

namespace TwinLab.Server.Domains;

/// <summary>Reads the contact-centre query parameters: goals (<c>80/20</c>), shares (<c>5%</c> or <c>0.05</c>) and numbers;
/// a bad value is a 400 naming the parameter.</summary>
internal static class ContactQuery
{
    /// <summary>The staffing goal from <c>target</c> (default 80/20), <c>maxAbandon</c> (default 5%) and <c>occupancy</c> (default 85%).</summary>
    public static StaffingGoal Goal(string? target, string? maxAbandon, string? occupancy)
    {
        var (level, seconds) = Target(target);
        var abandon = Share(maxAbandon, "maxAbandon", 0.05);
        var busy = Share(occupancy, "occupancy", 0.85);
        if (abandon == 0) throw Bad($"maxAbandon={maxAbandon}: must be above 0% (100% lifts the cap).");
        if (busy == 0) throw Bad($"occupancy={occupancy}: must be above 0% (100% lifts the cap).");
        return new StaffingGoal(level, seconds) { MaxAbandonment = abandon, MaxOccupancy = busy };
    }

    /// <summary>A service-level target <c>PERCENT/SECONDS</c> such as <c>80/20</c>; 80/20 when absent.</summary>
    public static (double Level, double Seconds) Target(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (0.8, 20);
        var parts = text.Split('/', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var level)
            || !double.TryParse(parts[1].TrimEnd('s', 'S'), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            throw Bad($"target='{text}': write PERCENT/SECONDS, e.g. 80/20 for 80% answered within 20 s.");
        if (!(level is > 0 and < 100)) throw Bad($"target='{text}': the service level must be a percentage between 0 and 100 (exclusive).");
        if (!(seconds is >= 0 and <= 86_400)) throw Bad($"target='{text}': the answer time must be 0 to 86400 seconds.");
        return (level / 100, seconds);
    }

    /// <summary>A share in [0, 1]: <c>5%</c> or <c>0.05</c>; <paramref name="fallback"/> when absent.</summary>
    public static double Share(string? text, string name, double fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (!double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Bad($"{name}='{text}' is not a share; write a percentage (5%) or a fraction (0.05).");
        if (percent) value /= 100;
        else if (value > 1) throw Bad($"{name}={text}: a share is a fraction (0.05) or a percentage (5%).");
        if (value is < 0 or > 1) throw Bad($"{name}={text}: must be between 0% and 100%.");
        return value;
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent.</summary>
    public static double Number(string? text, string name, double fallback, double min, double max)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Bad($"{name}='{text}' is not a number (use '.' for decimals).");
        if (value < min || value > max) throw Bad($"{name}={text} is out of range; give {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }

    private static TwinLabException Bad(string message) => new(ErrorCodes.InvalidArgument, message);
}
