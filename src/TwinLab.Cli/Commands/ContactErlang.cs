using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Analytics;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab contact erlang --rate R --aht S (--agents N | --target 80/20) [--patience S] [--interval 30m]
/// [--max-abandon 5%] [--occupancy 85%] [--shrinkage 30%]</c>: Erlang C, or Erlang A with a patience.
/// </summary>
internal static class ContactErlang
{
    private const double DefaultTargetSeconds = 20;

    public static Command Create(GlobalOptions g)
    {
        var rate = new Option<string>("--rate") { Description = "Contacts per interval (100), or with a period: 100/30m, 200/h", Required = true };
        var aht = new Option<string>("--aht") { Description = "Average handle time: seconds (180) or with a unit (3min)", Required = true };
        var agents = new Option<int?>("--agents") { Description = "Agents on the phones: evaluate this staffing" };
        var target = new Option<string?>("--target") { Description = "Service-level goal PERCENT/SECONDS, e.g. 80/20: find the fewest agents (with --agents: its answer time is the one evaluated)" };
        var patience = new Option<string?>("--patience") { Description = "Mean patience before callers hang up (seconds or with a unit): Erlang A instead of Erlang C" };
        var interval = new Option<string>("--interval") { Description = "Interval length a bare --rate refers to", DefaultValueFactory = _ => "30m" };
        var maxAbandon = new Option<string?>("--max-abandon") { Description = "With --target: cap on the abandonment share, e.g. 5% (needs --patience to bind)" };
        var occupancy = new Option<string?>("--occupancy") { Description = "With --target: cap on occupancy, e.g. 85%" };
        var shrinkage = new Option<string?>("--shrinkage") { Description = "With --target: share of paid time off the phones, e.g. 30%: also give the agents to schedule" };
        var cmd = new Command("erlang", "Erlang C (or Erlang A with --patience) for one interval: P(wait), service level, ASA, occupancy, abandonment; with --target the fewest agents")
            { rate, aht, agents, target, patience, interval, maxAbandon, occupancy, shrinkage };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var n = ctx.Get(agents);
            var targetText = ctx.Get(target);
            if (n is null && targetText is null)
                throw new CliUsageException("Give --agents N to evaluate a staffing, or --target 80/20 to find the fewest agents (or both).");
            if (n is <= 0) throw new CliUsageException($"--agents must be at least 1, got {n}.");
            var intervalSeconds = ContactInput.Seconds(ctx.Get(interval), "--interval", "min");
            var calls = ContactInput.ContactsPerInterval(ctx.Get(rate), intervalSeconds);
            var ahtSeconds = ContactInput.Seconds(ctx.Get(aht), "--aht", "s");
            double? patienceSeconds = ctx.Get(patience) is { } pt ? ContactInput.Seconds(pt, "--patience", "s") : null;
            (double ServiceLevel, double Seconds)? goal = targetText is null ? null : ContactInput.Target(targetText);
            var t = goal?.Seconds ?? DefaultTargetSeconds;
            var caps = (Abandon: ctx.Get(maxAbandon) is { } a ? ContactInput.Share(a, "--max-abandon") : (double?)null,
                Occupancy: ctx.Get(occupancy) is { } o ? ContactInput.Share(o, "--occupancy") : (double?)null,
                Shrinkage: ctx.Get(shrinkage) is { } s ? ContactInput.Share(s, "--shrinkage") : 0);
            if (goal is null && (caps.Abandon is not null || caps.Occupancy is not null))
                throw new CliUsageException("--max-abandon and --occupancy are caps of a staffing goal: give --target too.");
            if (caps.Abandon is 0 || caps.Occupancy is 0) throw new CliUsageException("--max-abandon and --occupancy must be above 0%.");
            if (caps.Shrinkage >= 1) throw new CliUsageException("--shrinkage must be below 100%.");

            var load = new Workload(calls, TimeSpan.FromSeconds(intervalSeconds), ahtSeconds);
            StaffingMetrics Evaluate(int agentCount)
            {
                try
                {
                    return patienceSeconds is { } pm ? Erlang.A(load, agentCount, t, pm) : Erlang.C(load, agentCount, t);
                }
                catch (ArgumentException e) when (patienceSeconds is not null)
                {
                    // Erlang A sums the queue's states; an overloaded centre with near-infinite patience has too many.
                    throw new CliUsageException($"Erlang A cannot be evaluated at {agentCount} agents: {e.Message.Split(" (Parameter")[0]}");
                }
            }
            var given = n is { } count ? Evaluate(count) : null;
            StaffingResult? fewest = null;
            if (goal is { } gl)
            {
                var staffingGoal = new StaffingGoal(gl.ServiceLevel, gl.Seconds) { MaxAbandonment = caps.Abandon, MaxOccupancy = caps.Occupancy };
                try
                {
                    fewest = patienceSeconds is { } pm ? Erlang.StaffA(load, staffingGoal, pm, caps.Shrinkage) : Erlang.StaffC(load, staffingGoal, caps.Shrinkage);
                }
                catch (InvalidOperationException e)
                {
                    throw new CliUsageException($"No staffing meets the goal: {e.Message}");
                }
                catch (ArgumentException e) when (patienceSeconds is not null)
                {
                    throw new CliUsageException($"Erlang A cannot be evaluated: {e.Message.Split(" (Parameter")[0]}");
                }
            }
            var model = patienceSeconds is null ? "Erlang C" : "Erlang A";
            if (ctx.Json) ctx.WriteJson(Json(model, calls, intervalSeconds, ahtSeconds, patienceSeconds, load.OfferedLoad, t, goal, caps.Shrinkage, given, fewest));
            else Print(ctx.Out, model, calls, intervalSeconds, ahtSeconds, patienceSeconds, load.OfferedLoad, t, goal, caps.Shrinkage, given, fewest);
            return 0;
        }));
        return cmd;
    }

    private static void Print(TextWriter w, string model, double calls, double intervalSeconds, double aht, double? patience, double load, double t,
        (double ServiceLevel, double Seconds)? goal, double shrinkage, StaffingMetrics? given, StaffingResult? fewest)
    {
        w.WriteLine($"{model}: {F(calls, "0.##")} contacts per {Minutes(intervalSeconds)}, AHT {F(aht, "0.#")} s{(patience is { } p ? $", mean patience {F(p, "0.#")} s" : "")}: offered load {F(load, "0.###")} Erlangs.");
        var rows = new List<(string Label, StaffingMetrics M)>();
        if (given is not null) rows.Add(("given", given));
        if (fewest is not null && fewest.Metrics.Agents != given?.Agents) rows.Add(("fewest meeting the target", fewest.Metrics));
        var headers = new List<string> { "agents", "P(wait)", $"service level ({F(t, "0.#")} s)", "ASA s", "occupancy" };
        if (patience is not null) headers.Add("abandoned");
        if (rows.Count > 1) headers.Add("");
        Table.Write(w, headers, rows.Select(r =>
        {
            var m = r.M;
            var cells = new List<string> { m.Agents.ToString(CultureInfo.InvariantCulture), F(m.WaitProbability, "0.0000"), F(m.ServiceLevel, "0.0000"), F(m.AverageSpeedOfAnswerSeconds, "0.00"), F(m.Occupancy, "0.000") };
            if (patience is not null) cells.Add(F(m.AbandonmentProbability, "0.0000"));
            if (rows.Count > 1) cells.Add(r.Label);
            return (IReadOnlyList<string>)cells;
        }));
        if (given is not null && patience is null && given.Agents <= load)
            w.WriteLine($"note: {given.Agents} agents cannot carry {F(load, "0.###")} Erlangs: without abandonment the queue grows without bound.");
        if (goal is { } gl && fewest is not null)
        {
            w.WriteLine($"Fewest agents for {F(gl.ServiceLevel * 100, "0.#")}% answered within {F(gl.Seconds, "0.#")} s: {fewest.Agents}" +
                (shrinkage > 0 ? $", {fewest.ScheduledAgents} to schedule at {F(shrinkage * 100, "0.#")}% shrinkage." : "."));
            if (given is not null)
                w.WriteLine(given.Agents >= fewest.Agents ? $"{given.Agents} agents meet the target." : $"{given.Agents} agents miss the target.");
        }
    }

    private static JsonObject Json(string model, double calls, double intervalSeconds, double aht, double? patience, double load, double t,
        (double ServiceLevel, double Seconds)? goal, double shrinkage, StaffingMetrics? given, StaffingResult? fewest) => new()
    {
        ["model"] = model,
        ["contactsPerInterval"] = calls,
        ["intervalMinutes"] = intervalSeconds / 60,
        ["ahtSeconds"] = aht,
        ["patienceSeconds"] = patience,
        ["offeredLoad"] = load,
        ["targetSeconds"] = t,
        ["target"] = goal is { } gl ? new JsonObject { ["serviceLevel"] = gl.ServiceLevel, ["seconds"] = gl.Seconds } : null,
        ["metrics"] = given is null ? null : Metrics(given),
        ["meetsTarget"] = given is not null && fewest is not null ? given.Agents >= fewest.Agents : null,
        ["fewest"] = fewest is null ? null : new JsonObject
        {
            ["agents"] = fewest.Agents, ["scheduledAgents"] = fewest.ScheduledAgents, ["shrinkage"] = shrinkage, ["metrics"] = Metrics(fewest.Metrics),
        },
    };

    private static JsonObject Metrics(StaffingMetrics m) => new()
    {
        ["agents"] = m.Agents,
        ["waitProbability"] = ContactCalibrate.Finite(m.WaitProbability),
        ["serviceLevel"] = ContactCalibrate.Finite(m.ServiceLevel),
        ["averageSpeedOfAnswerSeconds"] = ContactCalibrate.Finite(m.AverageSpeedOfAnswerSeconds),
        ["meanWaitSeconds"] = ContactCalibrate.Finite(m.MeanWaitSeconds),
        ["occupancy"] = ContactCalibrate.Finite(m.Occupancy),
        ["abandonment"] = ContactCalibrate.Finite(m.AbandonmentProbability),
        ["meanQueueLength"] = ContactCalibrate.Finite(m.MeanQueueLength),
    };

    private static string Minutes(double seconds) => seconds % 3600 == 0 ? $"{F(seconds / 3600, "0.#")} h" : $"{F(seconds / 60, "0.##")} min";

    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : ResultsPrinter.Num(v);
}
