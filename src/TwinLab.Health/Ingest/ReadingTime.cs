using System.Globalization;
using System.Text.RegularExpressions;

namespace TwinLab.Health.Ingest;

/// <summary>
/// Reads the timestamps home monitors export: ISO 8601 (<c>2026-01-05T07:30:00+01:00</c>, <c>2026-01-05 07:30</c>),
/// numeric day/month dates (<c>05/01/2026 07:30</c>, <c>01/05/2026 7:30 AM</c>, <c>5.1.2026 07:30</c>) and month names
/// (<c>Jan 5, 2026 7:30 AM</c>, <c>5 Jan 2026 07:30</c>).
/// </summary>
internal static partial class ReadingTime
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The two leading numbers of a numeric day/month date, for detecting the order; false for other formats.</summary>
    public static bool TryNumericDateParts(string text, out int first, out int second)
    {
        first = second = 0;
        var m = NumericPattern().Match(text.Trim());
        if (!m.Success) return false;
        first = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
        second = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Reads a timestamp.</summary>
    /// <param name="text">The cell (date and time together).</param>
    /// <param name="order">The order of numeric dates; null when the file has none (a numeric date is then a problem).</param>
    /// <param name="zone">The person's zone: wall-clock times get its offset, times with an offset are shown in it; null for UTC wall clock.</param>
    /// <param name="time">The time, with the person's offset.</param>
    /// <param name="problem">Why it cannot be read.</param>
    public static bool TryParse(string text, DateOrder? order, TimeZoneInfo? zone, out DateTimeOffset time, out string problem)
    {
        time = default;
        var t = Regex.Replace(text.Trim(), @"\s+", " ");
        if (t.Length == 0) { problem = "the date is empty"; return false; }
        int year, month, day;
        string rest;
        var numeric = false;
        Match m;
        if ((m = IsoPattern().Match(t)).Success)
        {
            year = Int(m, "y"); month = Int(m, "mo"); day = Int(m, "d");
            rest = m.Groups["rest"].Value;
        }
        else if ((m = NumericPattern().Match(t)).Success)
        {
            if (order is not { } o) { problem = $"'{text}': the day/month order is not known"; return false; }
            var (a, b) = (Int(m, "a"), Int(m, "b"));
            (day, month) = o == DateOrder.DayFirst ? (a, b) : (b, a);
            year = Int(m, "y");
            if (m.Groups["y"].Value.Length == 2) year += 2000;
            numeric = true;
            rest = m.Groups["rest"].Value;
        }
        else if ((m = MonthFirstPattern().Match(t)).Success || (m = DayFirstPattern().Match(t)).Success)
        {
            var name = m.Groups["mon"].Value.ToLowerInvariant();
            month = Array.FindIndex(Months, p => name.StartsWith(p, StringComparison.Ordinal)) + 1;
            if (month == 0 || (name.Length > 3 && !CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Any(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) && name != "sept"))
            {
                problem = $"'{text}': '{m.Groups["mon"].Value}' is not a month";
                return false;
            }
            year = Int(m, "y"); day = Int(m, "d");
            rest = m.Groups["rest"].Value;
        }
        else
        {
            problem = $"'{text}' is not a date this reader knows (ISO 8601 2026-01-05T07:30, 05/01/2026 07:30, 01/05/2026 7:30 AM, Jan 5, 2026 7:30 AM)";
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || year is < 1900 or > 9999 || day > DateTime.DaysInMonth(year, month))
        {
            problem = $"'{text}' is not a valid date{(numeric ? $" read {(order == DateOrder.DayFirst ? "day" : "month")} first" : "")}";
            return false;
        }
        if (!TryTime(rest.Trim(), out var clock, out var offset, out problem))
        {
            problem = $"'{text}': {problem}";
            return false;
        }
        var local = new DateTime(year, month, day).Add(clock);
        if (offset is { } given)
        {
            var instant = new DateTimeOffset(local, given);
            time = zone is null ? instant : TimeZoneInfo.ConvertTime(instant, zone);
        }
        else
        {
            time = new DateTimeOffset(local, zone?.GetUtcOffset(local) ?? TimeSpan.Zero);
        }
        problem = "";
        return true;
    }

    private static bool TryTime(string text, out TimeSpan clock, out TimeSpan? offset, out string problem)
    {
        clock = default;
        offset = null;
        problem = "";
        if (text.Length == 0) { problem = "no time of day (morning and evening readings must be told apart)"; return false; }
        var m = TimePattern().Match(text);
        if (!m.Success) { problem = $"'{text}' is not a time of day (07:30, 7:30 AM, 07:30:15)"; return false; }
        var hour = Int(m, "h");
        var minute = Int(m, "mi");
        var second = m.Groups["s"].Success ? Int(m, "s") : 0;
        if (m.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12) { problem = $"'{text}': hour {hour} with AM/PM"; return false; }
            var pm = char.ToLowerInvariant(m.Groups["ampm"].Value[0]) == 'p';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) { problem = $"'{text}' is not a valid time"; return false; }
        clock = new TimeSpan(hour, minute, second);
        if (m.Groups["fraction"].Success)
            clock += TimeSpan.FromSeconds(double.Parse("0" + m.Groups["fraction"].Value.Replace(',', '.'), CultureInfo.InvariantCulture));
        if (m.Groups["z"].Success) offset = TimeSpan.Zero;
        else if (m.Groups["oh"].Success)
        {
            var o = new TimeSpan(Int(m, "oh"), m.Groups["om"].Success ? Int(m, "om") : 0, 0);
            if (o > TimeSpan.FromHours(14)) { problem = $"'{text}': offset beyond ±14:00"; return false; }
            offset = m.Groups["osign"].Value == "-" ? -o : o;
        }
        return true;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{1,2})-(?<d>\d{1,2})(?:[T ](?<rest>.*))?$")]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(?<a>\d{1,2})[/.\-](?<b>\d{1,2})[/.\-](?<y>\d{4}|\d{2})(?:[ ,T]+(?<rest>.*))?$")]
    private static partial Regex NumericPattern();

    [GeneratedRegex(@"^(?<mon>[A-Za-z]{3,9})\.? (?<d>\d{1,2})(?:st|nd|rd|th)?,? (?<y>\d{4})(?:,? (?<rest>.*))?$")]
    private static partial Regex MonthFirstPattern();

    [GeneratedRegex(@"^(?<d>\d{1,2})[ \-](?<mon>[A-Za-z]{3,9})\.?[ \-](?<y>\d{4})(?:,? (?<rest>.*))?$")]
    private static partial Regex DayFirstPattern();

    [GeneratedRegex(@"^(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2})(?<fraction>[.,]\d+)?)? ?(?:(?<ampm>[AaPp])\.?[Mm]\.?)?(?:(?<z>Z)|(?<osign>[+-])(?<oh>\d{2}):?(?<om>\d{2})?)?$")]
    private static partial Regex TimePattern();
}
