using System.Globalization;
using TwinLab.Sync.Drift;

namespace TwinLab.Cli.Commands;

/// <summary>The text of <c>twinlab drift status</c>: a table of every series, or one twin in detail.</summary>
internal static class DriftStatusPrinter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Series(TextWriter w, IReadOnlyList<DriftSeries> series, DriftStore store)
    {
        if (series.Count == 0) return;
        TwinLab.Cli.Table.Write(w, ["twin", "telemetry", "predictor", "readings", "inside", "statistic", "state", "last re-calibration"],
            series.Select(s => (IReadOnlyList<string>)[
                s.TwinId, s.TelemetryPath, s.Predictor, s.Readings.ToString(Inv), Share(s), Statistic(s), State(s),
                Recalibration(s, store.Settings(s.TwinId))]));
    }

    public static void Twin(TextWriter w, string twinId, IReadOnlyList<DriftSeries> series, DriftSettings settings)
    {
        w.WriteLine($"{twinId}: automatic re-calibration {(settings.AutoRecalibrate ? "on" : "off")}");
        if (series.Count == 0)
        {
            w.WriteLine("  no telemetry judged yet");
            return;
        }
        foreach (var s in series)
        {
            w.WriteLine();
            w.WriteLine($"{s.TelemetryPath} ({s.Predictor}): {State(s)}");
            w.WriteLine(string.Create(Inv, $"  readings      {s.Readings} since the last start ({s.TotalReadings} in all); {Share(s)} inside the {s.Level:P0} prediction interval"));
            w.WriteLine(string.Create(Inv, $"  statistic     {s.Statistic:0.00} of threshold {s.Threshold:0.00} (CUSUM S+ {s.Upper:0.00}, S- {s.Lower:0.00}; k = {s.Reference}; a false alarm about every {s.FalseAlarmEvery:#,0} readings while it fits)"));
            if (s.Last is { } l)
                w.WriteLine(string.Create(Inv, $"  last reading  {When(l.Time)}: {l.Value:0.##} (expected {l.Expected:0.##}, interval {l.Lower:0.##} to {l.Upper:0.##}, z {l.Z:0.00})"));
            if (s.RecalibrationPending is { } pending) w.WriteLine($"  re-calibration {pending}");
            if (s.LastRecalibration is { } r)
                w.WriteLine($"  re-calibrated {When(r.Time)} ({(r.Automatic ? "automatically" : "outside the monitor")}): {r.Summary}");
            if (s.LastError is { } error) w.WriteLine($"  error         {error}");
            foreach (var e in s.Episodes)
                w.WriteLine(string.Create(Inv, $"  drift {e.Direction} since {When(e.Since)}, detected {When(e.DetectedAt)}, peak {e.Peak:0.0}{(e.Ended is { } end ? $", ended {When(end)} ({e.EndedBy})" : ", ongoing")}"));
        }
    }

    public static string EventLine(DriftEvent e) => e.Reason switch
    {
        "detected" => string.Create(Inv, $"drift: {e.TwinId} {Path(e)} {e.Direction} its predictions since {When(e.Since)} (statistic {e.Statistic:0.0} > {e.Threshold:0.0}, {e.Predictor})"),
        _ => $"{e.Reason}: {e.TwinId} {Path(e)} in fit again{(e.Recalibration is { } r ? $" — {r.Summary}" : "")}",
    };

    /// <summary>A time as the tables show it: UTC to the minute.</summary>
    public static string When(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", Inv);

    private static string Path(DriftEvent e) => e.Component is null ? e.Telemetry : $"{e.Component}.{e.Telemetry}";

    private static string Share(DriftSeries s) => s.Readings == 0 ? "-" : s.ShareInside.ToString("P0", Inv);

    private static string Statistic(DriftSeries s) => s.Threshold == 0 ? "-" : string.Create(Inv, $"{s.Statistic:0.0} / {s.Threshold:0.0}");

    private static string State(DriftSeries s) => s.State == DriftState.Drifting
        ? $"drifting since {When(s.Since!.Value)} ({s.Direction})"
        : s.Readings == 0 && s.LastError is not null ? "error" : "in fit";

    private static string Recalibration(DriftSeries s, DriftSettings settings) =>
        s.LastRecalibration is { } r ? $"{When(r.Time)}{(r.Automatic ? " (automatic)" : "")}"
        : settings.AutoRecalibrate ? (s.RecalibrationPending is null ? "none (automatic on)" : "pending") : "none";
}
