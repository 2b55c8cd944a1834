using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Sync.Drift;
using TwinLab.Sync.Drift.Expectations;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab drift status|check|auto-recalibrate|reset|expectations</c>: how well each twin's predictions fit the data
/// arriving from its real counterpart (the same <see cref="DriftStore"/> and <see cref="DriftMonitor"/> the server's
/// <c>/drift</c> uses).
/// </summary>
internal static class DriftCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("drift", "Show how well each twin's predictions fit the data arriving from its real counterpart");
        cmd.Subcommands.Add(Status(g));
        cmd.Subcommands.Add(Check(g));
        cmd.Subcommands.Add(AutoRecalibrate(g));
        cmd.Subcommands.Add(Reset(g));
        cmd.Subcommands.Add(DriftExpectationsVerb.Create(g));
        return cmd;
    }

    private static Command Status(GlobalOptions g)
    {
        var twin = new Argument<string?>("twin") { Description = "One twin, with its drift episodes and re-calibrations (default: every judged twin)", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("status", "Each judged twin telemetry: predictor, readings, share inside the prediction interval, CUSUM statistic vs threshold, in fit or drifting since when, last re-calibration") { twin };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("drift status shows the monitor's current state");
            var store = new DriftStore(ctx.Service.Store);
            var id = ctx.Get(twin);
            var series = store.List(id);
            if (id is not null && series.Count == 0 && !ctx.Service.Snapshot.Twins.ContainsKey(id))
                throw new CliUsageException($"Twin '{id}' not found in {ctx.DbPath}, and no drift is recorded for it.");
            var pending = PendingMessages(ctx, store);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["value"] = new JsonArray([.. series.Select(s => (JsonNode)DriftJson.Series(s, store.Settings(s.TwinId)))]),
                    ["unjudgedMessages"] = pending,
                });
                return 0;
            }
            if (id is null) DriftStatusPrinter.Series(ctx.Out, series, store);
            else DriftStatusPrinter.Twin(ctx.Out, id, series, store.Settings(id));
            if (series.Count == 0 && id is null)
                ctx.Out.WriteLine("No twin telemetry judged yet: a predictor covers the hypertension twin's readings, a contact-centre queue's 'offered' counts, and whatever 'twinlab drift expectations set FILE' declares.");
            if (pending > 0)
                ctx.Out.WriteLine($"{pending} telemetry message{(pending == 1 ? " is" : "s are")} not judged yet: run 'twinlab drift check' (a running 'twinlab serve' judges them live).");
            return 0;
        }));
        return cmd;
    }

    private static Command Check(GlobalOptions g)
    {
        var cmd = new Command("check", "Judge the telemetry not judged yet (what arrived while no server ran), raise drift and run automatic re-calibrations; then show the status");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var store = new DriftStore(ctx.Service.Store);
            var events = new List<DriftEvent>();
            var monitor = new DriftMonitor(ctx.Service, DriftPredictorCatalog.CreateDefault(store));
            monitor.Changed += events.Add;
            var judged = monitor.CatchUp();
            var series = store.List();
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["judged"] = judged,
                    ["events"] = new JsonArray([.. events.Select(e => (JsonNode)DriftJson.Event(e))]),
                    ["value"] = new JsonArray([.. series.Select(s => (JsonNode)DriftJson.Series(s, store.Settings(s.TwinId)))]),
                });
                return 0;
            }
            ctx.Out.WriteLine($"Judged {judged} reading{(judged == 1 ? "" : "s")}.");
            foreach (var e in events) ctx.Out.WriteLine(DriftStatusPrinter.EventLine(e));
            DriftStatusPrinter.Series(ctx.Out, series, store);
            return 0;
        }));
        return cmd;
    }

    private static Command AutoRecalibrate(GlobalOptions g)
    {
        var twin = new Argument<string>("twin") { Description = "The twin" };
        var state = new Argument<string>("state") { Description = "on or off" };
        state.AcceptOnlyFromAmong("on", "off");
        var cmd = new Command("auto-recalibrate", "Whether drift re-calibrates the twin automatically (hypertension: the calibration 'health calibrate' runs, on the readings since the drift; contact centre: the arrival profile)") { twin, state };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var id = ctx.Get(twin);
            if (!ctx.Service.Snapshot.Twins.ContainsKey(id)) throw new CliUsageException($"Twin '{id}' not found in {ctx.DbPath}.");
            var store = new DriftStore(ctx.Service.Store);
            var settings = new DriftSettings { AutoRecalibrate = ctx.Get(state) == "on" };
            store.SaveSettings(id, settings);
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["twinId"] = id, ["autoRecalibrate"] = settings.AutoRecalibrate });
            else ctx.Out.WriteLine(settings.AutoRecalibrate
                ? $"Automatic re-calibration of '{id}' is on: when one of its telemetry drifts, its predictor re-fits it to the data since and starts the statistics afresh."
                : $"Automatic re-calibration of '{id}' is off: drift is reported, and the twin is left as it is.");
            return 0;
        }));
        return cmd;
    }

    private static Command Reset(GlobalOptions g)
    {
        var twin = new Argument<string>("twin") { Description = "The twin" };
        var telemetry = new Option<string?>("--telemetry") { Description = "Only this telemetry (default: all of the twin's)" };
        var cmd = new Command("reset", "Start a twin's drift statistics afresh (after fixing a sensor, say); a drift in progress ends as 'reset'") { twin, telemetry };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var store = new DriftStore(ctx.Service.Store);
            var monitor = new DriftMonitor(ctx.Service, DriftPredictorCatalog.CreateDefault(store));
            var reset = monitor.ResetAsync(ctx.Get(twin), ctx.Get(telemetry)).GetAwaiter().GetResult();
            if (reset.Count == 0)
                throw new CliUsageException($"No drift is recorded for twin '{ctx.Get(twin)}'{(ctx.Get(telemetry) is { } t ? $" and telemetry '{t}'" : "")}; see 'twinlab drift status'.");
            if (ctx.Json) ctx.WriteJson(new JsonArray([.. reset.Select(s => (JsonNode)DriftJson.Series(s, store.Settings(s.TwinId)))]));
            else ctx.Out.WriteLine($"Reset {string.Join(", ", reset.Select(s => s.TelemetryPath))} of '{ctx.Get(twin)}'.");
            return 0;
        }));
        return cmd;
    }

    /// <summary>Telemetry messages on main (events of the log) the monitor has not judged yet (at most 100,000 are counted).</summary>
    private static int PendingMessages(CliContext ctx, DriftStore store) =>
        ctx.Service.History(new EventFilter(BranchInfo.Main, AfterSequence: store.Cursor, Limit: 100_000, Types: [nameof(TelemetryAppended)])).Count;
}
