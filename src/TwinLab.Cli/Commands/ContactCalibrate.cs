using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Reporting;
using TwinLab.ContactCenter.Twin;
using static TwinLab.Cli.Commands.ResultsPrinter;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab contact calibrate [--interval 15|30|60] [--report FILE]</c>.</summary>
internal static class ContactCalibrate
{
    public static Command Create(GlobalOptions g)
    {
        var interval = new Option<int>("--interval") { Description = "Length of an arrival-rate interval in minutes: 15, 30 or 60", DefaultValueFactory = _ => 30 };
        var report = new Option<string?>("--report") { Description = "Also write the calibration report: HTML (with intraday-load charts) when FILE ends in .html, Markdown otherwise" };
        var cmd = new Command("calibrate", "Fit the stored log and roster: arrivals per interval with a forecast, handle times, patience, resolution, satisfaction; store the model and put its parameters on the twins") { interval, report };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var minutes = ctx.Get(interval);
            if (minutes is not (15 or 30 or 60)) throw new CliUsageException($"--interval must be 15, 30 or 60 (minutes), got {minutes}.");
            ctx.RequireBranch(ctx.Branch);
            var twin = ContactCommand.Twin(ctx);
            var log = ContactCommand.RequireLog(ctx, twin);
            var roster = twin.LoadRoster() ?? throw new CliUsageException(
                $"No roster stored in {ctx.DbPath}: run 'twinlab contact import {log.Source} --roster FILE' first.");
            var result = CenterCalibration.Calibrate(log.Interactions, roster.Roster, new CalibrationSettings { IntervalMinutes = minutes });
            twin.SaveModel(result.Model, $"{Path.GetFileName(log.Source)}: {result.Rows} contacts {result.FirstDay:yyyy-MM-dd}–{result.LastDay:yyyy-MM-dd}, {minutes}-minute intervals");
            var graph = twin.WriteGraph(result.Model, ctx.Branch, ctx.WriteContext);
            var reportPath = ctx.Get(report);
            if (reportPath is not null) WriteReport(result, reportPath, log.Source);
            if (ctx.Json) ctx.WriteJson(Json(result, reportPath, graph, ctx.Branch));
            else Print(ctx, result, reportPath, graph);
            return 0;
        }));
        return cmd;
    }

    private static void WriteReport(CalibrationReport result, string path, string source)
    {
        try
        {
            if (path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
                ContactCenterReport.WriteHtml(new ContactCenterReportContent { Title = "Contact-centre calibration", Generated = $"Calibrated from {source}", Calibration = result }, path);
            else
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                File.WriteAllText(path, result.ToMarkdown());
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot write the report '{path}': {e.Message}");
        }
    }

    /// <summary>The per-queue summary both outputs share.</summary>
    private sealed record QueueRow(QueueCalibration Q, int IntervalMinutes)
    {
        public double ArrivalsPerDay => Q.Model.ArrivalRatesPerHour.Sum() * IntervalMinutes / 60 / 7;
        public double AhtSeconds => Q.Model.HandleSeconds.Mean;
        public string HandleFamily => Q.HandleTime is { } h ? Family(h.Family) + (h.Queue == "*" ? " (pooled)" : "") : "assumed";
        public double? PatienceMeanSeconds => Q.Model.PatienceSeconds?.Mean;
        public double? Fcr => Q.Resolution.FirstContactResolution?.Estimate;
        public string? ForecastMethod => Q.Forecast is { } f ? Method(f.Method) : null;
        public BackTestError? BackTest => Q.Forecast?.BackTest.FirstOrDefault(b => b.Method == Q.Forecast.Method);
    }

    private static void Print(CliContext ctx, CalibrationReport r, string? reportPath, GraphWrite graph)
    {
        var w = ctx.Out;
        w.WriteLine($"Calibrated {r.Rows} contacts, {r.FirstDay:yyyy-MM-dd} to {r.LastDay:yyyy-MM-dd}, {r.Settings.IntervalMinutes}-minute intervals.");
        var rows = r.Queues.Select(q => new QueueRow(q, r.Settings.IntervalMinutes)).ToList();
        Table.Write(w, ["queue", "channel", "arrivals/day", "AHT s", "handle time", "patience s", "FCR", "forecast", "back-test MAE (MASE)"], rows.Select(q => (IReadOnlyList<string>)[
            q.Q.Queue, q.Q.Channel.ToString().ToLowerInvariant(), F(q.ArrivalsPerDay, "0.#"), F(q.AhtSeconds, "0"), q.HandleFamily,
            q.PatienceMeanSeconds is { } pm ? F(pm, "0") : "none", q.Fcr is { } fcr ? F(fcr * 100, "0.0") + "%" : "–",
            q.ForecastMethod ?? "none", q.BackTest is { } b ? $"{F(b.Mae, "0.##")} ({F(b.Mase, "0.##")})" : "not back-tested"]));
        if (r.Satisfaction is { } s)
            w.WriteLine($"Satisfaction model: {s.Rows} surveyed rows, R² {F(s.RSquared, "0.###")}, hold-out R² {F(s.HoldOutRSquared, "0.###")}, RMSE {F(s.HoldOutRmse, "0.###")}.");
        if (r.Warnings.Count > 0)
        {
            w.WriteLine("What the data could not support:");
            foreach (var warning in r.Warnings) w.WriteLine($"  {warning.Subject}: {warning.Message}");
        }
        w.WriteLine($"Stored the calibrated centre in {ctx.DbPath}; twins on '{ctx.Branch}': {graph.Twins} written with the calibrated parameters ({CliContext.SequenceText(graph.FirstSequence, graph.LastSequence)}).");
        if (reportPath is not null) w.WriteLine($"wrote {reportPath}");
        w.WriteLine("Next: twinlab contact simulate --scenario FILE.yaml");
    }

    private static JsonObject Json(CalibrationReport r, string? reportPath, GraphWrite graph, string branch) => new()
    {
        ["rows"] = r.Rows,
        ["firstDay"] = r.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["lastDay"] = r.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["intervalMinutes"] = r.Settings.IntervalMinutes,
        ["queues"] = new JsonArray([.. r.Queues.Select(q => new QueueRow(q, r.Settings.IntervalMinutes)).Select(q => (JsonNode)new JsonObject
        {
            ["queue"] = q.Q.Queue,
            ["channel"] = q.Q.Channel.ToString().ToLowerInvariant(),
            ["rows"] = q.Q.Rows,
            ["arrivalsPerDay"] = q.ArrivalsPerDay,
            ["ahtSeconds"] = q.AhtSeconds,
            ["handleFamily"] = q.HandleFamily,
            ["handleDistribution"] = q.Q.Model.HandleSeconds.ToString(),
            ["patienceMeanSeconds"] = Finite(q.PatienceMeanSeconds),
            ["patienceDistribution"] = q.Q.Model.PatienceSeconds?.ToString(),
            ["firstContactResolution"] = Finite(q.Fcr),
            ["forecastMethod"] = q.ForecastMethod,
            ["backTestMae"] = Finite(q.BackTest?.Mae),
            ["backTestMase"] = Finite(q.BackTest?.Mase),
        })]),
        ["satisfaction"] = r.Satisfaction is { } s ? new JsonObject
        {
            ["rows"] = s.Rows, ["rSquared"] = Finite(s.RSquared), ["holdOutRSquared"] = Finite(s.HoldOutRSquared), ["holdOutRmse"] = Finite(s.HoldOutRmse),
        } : null,
        ["warnings"] = new JsonArray([.. r.Warnings.Select(w => (JsonNode)new JsonObject { ["subject"] = w.Subject, ["message"] = w.Message })]),
        ["report"] = reportPath,
        ["twins"] = new JsonObject
        {
            ["branch"] = branch, ["written"] = graph.Twins, ["removed"] = graph.TwinsRemoved, ["sequences"] = CliContext.SequenceJson(graph.FirstSequence, graph.LastSequence),
        },
    };

    internal static JsonNode? Finite(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : Num(value);

    private static string Family(DurationFamily family) => family.ToString().ToLowerInvariant();

    private static string Method(ForecastMethod method) => method == TwinLab.ContactCenter.Calibration.ForecastMethod.SeasonalNaive ? "seasonal-naive" : "exp-smoothing";
}
