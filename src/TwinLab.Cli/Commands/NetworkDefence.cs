using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Network.AttackGraph;
using TwinLab.Core.History;
using TwinLab.Network.Defence;
using TwinLab.Network.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab network whatif|recommend</c>: try defensive changes on the study's attack facts (production and the
/// stored twin are never changed) and find the cheapest set of changes that cuts every attack path to the crown
/// jewels, or the best changes for a budget.
/// </summary>
internal static class NetworkDefence
{
    public static Command WhatIf(GlobalOptions g)
    {
        var inputs = new NetworkAnalysis.Inputs();
        var patch = new Option<string[]>("--patch") { Description = "Patch a vulnerability: CVE-… (every host) or CVE-…@host", AllowMultipleArgumentsPerToken = false };
        var close = new Option<string[]>("--close") { Description = "Close a port: host:tcp/443" };
        var measure = new Option<string[]>("--measure") { Description = "Any measure as text: block:src->dst:tcp/445, untrust:from->to, uncredential:cred@host, isolate:host, move:host->zone, unallow:src->dst:tcp/22" };
        var cmd = new Command("whatif", "Apply changes (patches, closed ports, firewall blocks, removed trust or credentials, isolation, zone moves) to a copy of the network and compare reachability, attack paths and risk before and after") { patch, close, measure };
        inputs.AddTo(cmd);
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var texts = (ctx.Get(patch) ?? []).Select(t => "patch:" + t)
                .Concat((ctx.Get(close) ?? []).Select(t => "close:" + t))
                .Concat(ctx.Get(measure) ?? []).ToList();
            if (texts.Count == 0) throw new CliUsageException("Give at least one change: --patch CVE-…, --close host:tcp/PORT or --measure TEXT.");
            var model = DefenceCostModel.Default;
            var measures = texts.Select(Parse).Select(m => m with { Cost = model.CostOf(m) }).ToList();
            if (ctx.BranchGiven && ctx.Branch == BranchInfo.Main)
                throw new CliUsageException("what-ifs never change main; give --branch NAME");
            var study = inputs.Load(ctx);
            var result = TwinLab.Network.Defence.WhatIf.Compare(study.Facts, measures);
            // With --branch, the measures are also recorded on the twin of that branch (forked from main), when main holds an imported network.
            TwinWhatIfOutcome? recorded = null;
            if (ctx.BranchGiven && ctx.Service.SnapshotOf(BranchInfo.Main).Twins.ContainsKey(NetworkGraph.NetworkId))
                recorded = WhatIfBranch.Apply(ctx.Service, ctx.Branch, measures, ctx.WriteContext);
            if (ctx.Json)
            {
                var json = Json(result);
                json["branch"] = recorded is null ? null : Json(recorded);
                ctx.WriteJson(json);
            }
            else
            {
                Print(ctx.Out, result);
                if (recorded is not null) Print(ctx.Out, recorded);
                else if (ctx.BranchGiven) ctx.Out.WriteLine($"No network twin on main (run 'twinlab network import'): nothing recorded on '{ctx.Branch}'.");
            }
            return 0;
        }));
        return cmd;
    }

    public static Command Recommend(GlobalOptions g)
    {
        var inputs = new NetworkAnalysis.Inputs();
        var budget = new Option<double?>("--budget") { Description = "Hours of work available: pick the changes that cut the most risk (value × compromise probability) per hour within it; without it, the cheapest set that cuts every path to the crown jewels" };
        var costs = new Option<string?>("--costs") { Description = "Cost file (YAML: kinds, hosts, cves, measures, exclude) overriding the default hours per kind of change" };
        var urgent = new Option<bool>("--include-urgent") { Description = "Always include patches of known-exploited (KEV) vulnerabilities" };
        var cmd = new Command("recommend", "The cheapest defences: a minimum-cost set of changes cutting every attack path to the crown jewels (exact with CP-SAT, greedy beyond its size), or the best changes for --budget, each explained by the paths it removes") { budget, costs, urgent };
        inputs.AddTo(cmd);
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            if (ctx.Get(budget) is { } b && !(b > 0 && double.IsFinite(b))) throw new CliUsageException("--budget must be a positive number of hours.");
            var model = ctx.Get(costs) is { } path ? DefenceCostModel.Load(path) : DefenceCostModel.Default;
            var study = inputs.Load(ctx);
            var graph = study.Graph();
            var kev = study.Findings.Where(f => f.InKev).Select(f => f.CveId).ToHashSet(StringComparer.Ordinal);
            var candidates = DefenceCandidates.Generate(graph, new CandidateOptions { Costs = model, KnownExploited = kev, PlaceNames = study.PlaceNames });
            if (ctx.Get(budget) is { } hours)
            {
                var plan = BudgetPlanner.Plan(study.Facts, candidates, hours, new BudgetOptions { IncludeUrgent = ctx.Get(urgent) });
                if (ctx.Json) ctx.WriteJson(Json(plan));
                else Print(ctx.Out, plan);
                return 0;
            }
            var cut = CheapestCut.Find(graph, candidates, new CutOptions { IncludeUrgent = ctx.Get(urgent) });
            if (ctx.Json) ctx.WriteJson(Json(cut));
            else Print(ctx.Out, cut);
            return 0;
        }));
        return cmd;
    }

    private static DefenceMeasure Parse(string text)
    {
        try
        {
            return DefenceMeasure.Parse(text);
        }
        catch (DefenceMeasureException e)
        {
            throw new CliUsageException(e.Message);
        }
    }

    private static void Print(TextWriter w, WhatIfResult r)
    {
        w.WriteLine($"Changes ({F(r.Cost, "0.#")} h): {string.Join(", ", r.Measures.Select(m => $"{m.Measure.Id} ({m.FactsRemoved} fact(s) removed{(m.FactsAdded > 0 ? $", {m.FactsAdded} added" : "")})"))}");
        Table.Write(w, ["asset", "crown jewel", "reachable before", "after", "P before", "P after", "paths before", "after", "shortest before", "after"],
            r.Before.Assets.Select(b =>
            {
                var a = r.After.For(b.Host)!;
                return (IReadOnlyList<string>)[b.Host, b.CrownJewel ? "yes" : "", b.Reachable ? "yes" : "no", a.Reachable ? "yes" : "no",
                    F(b.Probability, "0.000"), F(a.Probability, "0.000"), Paths(b), Paths(a),
                    b.ShortestPathActions?.ToString(CultureInfo.InvariantCulture) ?? "-", a.ShortestPathActions?.ToString(CultureInfo.InvariantCulture) ?? "-"];
            }));
        w.WriteLine($"Risk (Σ value × P): {F(r.Before.Risk, "N0")} → {F(r.After.Risk, "N0")}; hosts the attacker can run code on: {r.Before.CompromisableHosts} → {r.After.CompromisableHosts}; services it can open: {r.Before.ReachableServices} → {r.After.ReachableServices}.");
        if (r.AssetsProtected.Count > 0) w.WriteLine($"Protected: {string.Join(", ", r.AssetsProtected)}");
        if (r.AssetsExposed.Count > 0) w.WriteLine($"Newly exposed: {string.Join(", ", r.AssetsExposed)}");
    }

    private static void Print(TextWriter w, TwinWhatIfOutcome o)
    {
        w.WriteLine($"Recorded on branch '{o.Branch}'{(o.BranchCreated ? " (forked from main)" : "")} ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}); main is unchanged; see 'twinlab branch diff {o.Branch}':");
        foreach (var c in o.Changes) w.WriteLine($"  {c.Measure}: {c.Change}");
    }

    private static JsonObject Json(TwinWhatIfOutcome o) => new()
    {
        ["name"] = o.Branch,
        ["created"] = o.BranchCreated,
        ["sequences"] = CliContext.SequenceJson(o.FirstSequence, o.LastSequence),
        ["changes"] = new JsonArray([.. o.Changes.Select(c => (JsonNode?)new JsonObject { ["measure"] = c.Measure, ["change"] = c.Change, ["applied"] = c.Applied })]),
    };

    private static string Paths(AssetExposure a) => a.MinimalPaths.ToString(CultureInfo.InvariantCulture) + (a.PathsTruncated ? "+" : "");

    private static void Print(TextWriter w, DefenceCut cut)
    {
        if (cut.Status == CutStatus.NothingToCut)
        {
            w.WriteLine("No crown jewel can be reached: nothing to cut.");
            return;
        }
        w.WriteLine($"Cheapest defences ({Status(cut.Status)}): {cut.Measures.Count} change(s), {F(cut.Cost, "0.#")} h of work (lower bound {F(cut.LowerBound, "0.#")} h), cutting every attack path to {string.Join(", ", cut.Goals.Select(g => g.Subject))}.");
        Table.Write(w, ["change", "hours", "paths removed", "description"], cut.Measures.Select(m =>
        {
            var why = cut.Explanations.FirstOrDefault(e => e.Measure == m);
            return (IReadOnlyList<string>)[m.Id, F(m.Cost, "0.#"), why is null ? "-" : why.PathsRemoved.Count + (why.Truncated ? "+" : ""), m.Description ?? ""];
        }));
        if (cut.UncuttableGoals.Count > 0)
            w.WriteLine($"No candidate change can protect: {string.Join(", ", cut.UncuttableGoals.Select(g => g.Subject))} (e.g. the attacker starts there).");
    }

    private static void Print(TextWriter w, BudgetPlan plan)
    {
        w.WriteLine($"Within {F(plan.Budget, "0.#")} h: {plan.Picks.Count} change(s), {F(plan.Spent, "0.#")} h, risk {F(plan.RiskBefore, "N0")} → {F(plan.RiskAfter, "N0")}.");
        Table.Write(w, ["#", "change", "hours", "risk reduced", "per hour", "paths removed"], plan.Picks.Select((pick, i) => (IReadOnlyList<string>)[
            (i + 1).ToString(CultureInfo.InvariantCulture), pick.Measure.Id, F(pick.Measure.Cost, "0.#"), F(pick.RiskReduced, "N0"),
            F(pick.ReductionPerCost, "N0"), pick.PathsRemoved.Count + (pick.PathsTruncated ? "+" : "")]));
    }

    private static string Status(CutStatus s) => s switch
    {
        CutStatus.Optimal => "proved optimal",
        CutStatus.Feasible => "best found within the search limit",
        CutStatus.Greedy => "greedy, network too large for the exact search",
        _ => s.ToString(),
    };

    private static JsonObject Measure(DefenceMeasure m) => new()
    {
        ["id"] = m.Id,
        ["kind"] = MeasureKinds.Name(m.Kind),
        ["host"] = m.Host,
        ["hours"] = m.Cost,
        ["urgent"] = m.Urgent,
        ["description"] = m.Description,
    };

    private static JsonObject Exposure(AssetExposure a) => new()
    {
        ["host"] = a.Host,
        ["value"] = a.Value,
        ["crownJewel"] = a.CrownJewel,
        ["reachable"] = a.Reachable,
        ["minimalPaths"] = a.MinimalPaths,
        ["pathsTruncated"] = a.PathsTruncated,
        ["probability"] = a.Probability,
        ["shortestPathActions"] = a.ShortestPathActions,
        ["mostLikelyPathProbability"] = a.MostLikelyPathProbability,
    };

    private static JsonObject Posture(SecurityPosture s) => new()
    {
        ["risk"] = s.Risk,
        ["compromisableHosts"] = s.CompromisableHosts,
        ["reachableServices"] = s.ReachableServices,
        ["assets"] = new JsonArray(s.Assets.Select(a => (JsonNode?)Exposure(a)).ToArray()),
    };

    private static JsonObject Json(WhatIfResult r) => new()
    {
        ["measures"] = new JsonArray(r.Measures.Select(m => (JsonNode?)new JsonObject { ["measure"] = Measure(m.Measure), ["factsRemoved"] = m.FactsRemoved, ["factsAdded"] = m.FactsAdded }).ToArray()),
        ["hours"] = r.Cost,
        ["before"] = Posture(r.Before),
        ["after"] = Posture(r.After),
        ["riskReduction"] = r.RiskReduction,
        ["protected"] = new JsonArray(r.AssetsProtected.Select(h => (JsonNode?)h).ToArray()),
        ["exposed"] = new JsonArray(r.AssetsExposed.Select(h => (JsonNode?)h).ToArray()),
    };

    private static JsonObject Json(DefenceCut cut) => new()
    {
        ["status"] = cut.Status.ToString(),
        ["hours"] = cut.Cost,
        ["lowerBound"] = cut.LowerBound,
        ["measures"] = new JsonArray(cut.Measures.Select(m =>
        {
            var why = cut.Explanations.FirstOrDefault(e => e.Measure == m);
            var node = Measure(m);
            node["pathsRemoved"] = why?.PathsRemoved.Count;
            node["paths"] = why is null ? null : new JsonArray(why.PathsRemoved.Select(p => (JsonNode?)new JsonArray(p.Actions.Select(s => (JsonNode?)s.Conclusion.ToString()).ToArray())).ToArray());
            return (JsonNode?)node;
        }).ToArray()),
        ["goals"] = new JsonArray(cut.Goals.Select(gl => (JsonNode?)gl.Subject).ToArray()),
        ["uncuttable"] = new JsonArray(cut.UncuttableGoals.Select(gl => (JsonNode?)gl.Subject).ToArray()),
        ["candidates"] = cut.Candidates,
    };

    private static JsonObject Json(BudgetPlan plan) => new()
    {
        ["budget"] = plan.Budget,
        ["spent"] = plan.Spent,
        ["riskBefore"] = plan.RiskBefore,
        ["riskAfter"] = plan.RiskAfter,
        ["picks"] = new JsonArray(plan.Picks.Select(pick =>
        {
            var node = Measure(pick.Measure);
            node["riskReduced"] = pick.RiskReduced;
            node["pathsRemoved"] = pick.PathsRemoved.Count;
            return (JsonNode?)node;
        }).ToArray()),
    };

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
