using System.Globalization;
using System.Text.RegularExpressions;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// Reads the date and time forms logs use: ISO 8601 (<c>2024-03-01T08:15:00Z</c>, <c>2024-03-01 08:15:00</c>),
/// day/month forms (<c>01/03/2024 08:15</c>, <c>3/1/2024 8:15:00 AM</c>, with '/', '.' or '-'), compact dates
/// (<c>20240301</c>, <c>990301</c> as yyMMdd) and bare times of day (<c>9:12:58</c>) for files with a date column.
/// </summary>
/// <remarks>Written by hand rather than with DateTime.TryParse so that the accepted forms are exactly these and the
/// day/month order is the caller's decision, not the culture's.</remarks>
internal static partial class TimestampText
{
    private const string Time =
        @"(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,7}))?)?(?:\s*(?<ampm>[AaPp]\.?[Mm]\.?))?";

    private const string Offset = @"(?<off>[Zz]|[+-]\d{2}(?::?\d{2})?)";

    public const string Examples = "e.g. 2024-03-01 08:15:00, 2024-03-01T08:15:00Z, 01/03/2024 08:15, 3/1/2024 8:15:00 AM";

    [GeneratedRegex(@"^(?<y>\d{4})[-/](?<mo>\d{1,2})[-/](?<d>\d{1,2})(?:(?:[Tt]|\s+)" + Time + @")?\s*" + Offset + "?$")]
    private static partial Regex IsoForm();

    [GeneratedRegex(@"^(?<a>\d{1,2})(?<sep>[/.-])(?<b>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})(?:(?:[Tt]|\s+)" + Time + ")?$")]
    private static partial Regex DayMonthForm();

    [GeneratedRegex(@"^(?<c>\d{6}|\d{8})$")]
    private static partial Regex CompactForm();

    [GeneratedRegex("^" + Time + "$")]
    private static partial Regex TimeForm();

    /// <summary>Reads <paramref name="text"/>; <paramref name="order"/> must be decided (not Auto).</summary>
    public static bool TryParse(string text, DateOrder order, out ParsedTime value, out string error)
    {
        value = default;
        error = "";
        Match m;
        if ((m = IsoForm().Match(text)).Success)
            return TryBuild(text, Int(m, "y"), Int(m, "mo"), Int(m, "d"), m, out value, out error);
        if ((m = DayMonthForm().Match(text)).Success)
        {
            int a = Int(m, "a"), b = Int(m, "b");
            var (day, month) = order == DateOrder.MonthFirst ? (b, a) : (a, b);
            if (month > 12)
            {
                error = $"'{text}' has month {month} (read {(order == DateOrder.MonthFirst ? "month" : "day")} first); the file's other dates decided the order";
                return false;
            }
            return TryBuild(text, Year(m.Groups["y"].Value), month, day, m, out value, out error);
        }
        if ((m = CompactForm().Match(text)).Success)
        {
            var c = m.Groups["c"].Value;
            return c.Length == 8
                ? TryBuild(text, int.Parse(c[..4], CultureInfo.InvariantCulture), int.Parse(c[4..6], CultureInfo.InvariantCulture), int.Parse(c[6..], CultureInfo.InvariantCulture), m, out value, out error)
                : TryBuild(text, Year(c[..2]), int.Parse(c[2..4], CultureInfo.InvariantCulture), int.Parse(c[4..], CultureInfo.InvariantCulture), m, out value, out error);
        }
        if ((m = TimeForm().Match(text)).Success)
        {
            if (!TryTime(text, m, out var time, out error)) return false;
            value = new ParsedTime(null, time, null);
            return true;
        }
        error = $"'{text}' is not a date or time ({Examples})";
        return false;
    }

    /// <summary>The two leading numbers of a day/month form such as 03/04/2024, for deciding the order.</summary>
    public static bool TryDayMonthParts(string text, out int first, out int second, out bool amPm)
    {
        var m = DayMonthForm().Match(text);
        first = m.Success ? Int(m, "a") : 0;
        second = m.Success ? Int(m, "b") : 0;
        amPm = m.Success && m.Groups["ampm"].Success;
        return m.Success;
    }

    private static bool TryBuild(string text, int year, int month, int day, Match m, out ParsedTime value, out string error)
    {
        value = default;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month))
        {
            error = $"'{text}' is not a valid date";
            return false;
        }
        TimeSpan? time = null;
        if (m.Groups["h"].Success)
        {
            if (!TryTime(text, m, out var t, out error)) return false;
            time = t;
        }
        TimeSpan? offset = null;
        if (m.Groups["off"].Success)
        {
            if (!TryOffset(m.Groups["off"].Value, out var o))
            {
                error = $"'{text}' has an invalid offset";
                return false;
            }
            offset = o;
        }
        value = new ParsedTime(new DateOnly(year, month, day), time, offset);
        error = "";
        return true;
    }

    private static bool TryTime(string text, Match m, out TimeSpan time, out string error)
    {
        time = default;
        error = $"'{text}' is not a valid time of day";
        var hour = Int(m, "h");
        var minute = Int(m, "mi");
        var second = m.Groups["s"].Success ? Int(m, "s") : 0;
        if (m.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12) return false;
            var pm = char.ToUpperInvariant(m.Groups["ampm"].Value[0]) == 'P';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) return false;
        var ticks = m.Groups["f"].Success ? long.Parse(m.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;
        time = new TimeSpan(hour, minute, second) + TimeSpan.FromTicks(ticks);
        error = "";
        return true;
    }

    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "Z" or "z") return true;
        var digits = text[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits[2..4], CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59) return false;
        offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
        return true;
    }

    // Two-digit years: 70–99 are the 1900s (the Anonymous Bank data is from 1999), the rest the 2000s.
    private static int Year(string text)
    {
        var y = int.Parse(text, CultureInfo.InvariantCulture);
        return text.Length == 2 ? (y >= 70 ? 1900 + y : 2000 + y) : y;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
}
