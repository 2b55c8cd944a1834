using System.Text;
using System.Text.RegularExpressions;

namespace TwinLab.Health.Ingest;

/// <summary>
/// Finds the columns of a home-monitor export by their headers, ignoring case, spaces, punctuation and unit suffixes:
/// Omron Connect (<c>Date, Time, Systolic (mmHg), Diastolic (mmHg), Pulse (bpm)</c>), Withings (<c>Date, Heart rate,
/// Systolic, Diastolic</c>), iHealth (<c>Date, Time, SYS(mmHg), DIA(mmHg), Pulse(bpm)</c>), Qardio (<c>Date, Time,
/// Systolic, Diastolic, Pulse</c>), and generic <c>timestamp, systolic, diastolic, pulse</c> or <c>sys, dia, hr</c>.
/// </summary>
/// <param name="Timestamp">Column holding date and time together, or the date (with <see cref="Time"/> holding the time).</param>
/// <param name="Time">Separate time column, or -1.</param>
/// <param name="Systolic">Systolic column.</param>
/// <param name="Diastolic">Diastolic column.</param>
/// <param name="Pulse">Pulse column, or -1.</param>
internal sealed partial record BpColumns(int Timestamp, int Time, int Systolic, int Diastolic, int Pulse)
{
    private static readonly string[] TimestampNames = ["timestamp", "datetime", "dateandtime", "measuredat", "measurementdatetime", "recordedat", "localtime", "timeofmeasurement"];
    private static readonly string[] DateNames = ["date", "measurementdate", "day", "datum"];
    private static readonly string[] TimeNames = ["time", "measurementtime", "clock", "uhrzeit"];
    private static readonly string[] SystolicNames = ["systolic", "sys", "sbp", "systolicbp", "systolicpressure", "systolicbloodpressure", "upper"];
    private static readonly string[] DiastolicNames = ["diastolic", "dia", "dbp", "diastolicbp", "diastolicpressure", "diastolicbloodpressure", "lower"];
    private static readonly string[] PulseNames = ["pulse", "hr", "heartrate", "pulserate", "bpm", "heartbeat", "puls"];
    private static readonly string[] Units = ["mmhg", "bpm", "min", "perminute", "beatsperminute"];

    /// <summary>Binds a header row; throws naming what is missing and what was found.</summary>
    public static BpColumns Bind(IReadOnlyList<string> header, string file)
    {
        var names = header.Select(Normalize).ToArray();
        int Find(string[] wanted) => Array.FindIndex(names, n => wanted.Contains(n, StringComparer.Ordinal));
        var timestamp = Find(TimestampNames);
        var date = Find(DateNames);
        var time = Find(TimeNames);
        var systolic = Find(SystolicNames);
        var diastolic = Find(DiastolicNames);
        var pulse = Find(PulseNames);
        var found = $"the header has: {string.Join(", ", header.Select(h => $"'{h}'"))}";
        if (timestamp < 0 && date < 0)
        {
            if (time < 0) throw Missing(file, "timestamp", $"no date or timestamp column ({string.Join(", ", TimestampNames.Concat(DateNames).Take(6))}); {found}");
            timestamp = time;
            time = -1;
        }
        else if (timestamp < 0)
        {
            timestamp = date;
        }
        else
        {
            time = -1;
        }
        if (systolic < 0) throw Missing(file, "systolic", $"no systolic column (systolic, sys, sbp); {found}");
        if (diastolic < 0) throw Missing(file, "diastolic", $"no diastolic column (diastolic, dia, dbp); {found}");
        return new BpColumns(timestamp, time, systolic, diastolic, pulse);
    }

    /// <summary>Lower case letters and digits only, with a unit in brackets or a trailing unit removed: <c>SYS(mmHg)</c> → <c>sys</c>.</summary>
    internal static string Normalize(string header)
    {
        var text = BracketPattern().Replace(header.Trim().TrimStart('\uFEFF'), " ");
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
        var name = sb.ToString();
        foreach (var unit in Units)
            if (name.Length > unit.Length && name.EndsWith(unit, StringComparison.Ordinal) && name != "bpm")
            {
                var stem = name[..^unit.Length];
                if (stem.EndsWith("in", StringComparison.Ordinal) && stem.Length > 2) stem = stem[..^2];
                return stem;
            }
        return name;
    }

    private static HealthInputException Missing(string file, string field, string problem) => new(file, 1, 1, field, problem);

    [GeneratedRegex(@"[\(\[\{][^\)\]\}]*[\)\]\}]")]
    private static partial Regex BracketPattern();
}
