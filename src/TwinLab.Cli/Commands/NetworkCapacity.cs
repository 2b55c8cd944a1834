using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.History;
using TwinLab.Network.Capacity;
using TwinLab.Network.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab network capacity</c>: per-link utilisation and M/M/1 latency of a links file under a traffic matrix,
/// what-ifs (failures, upgrades, weight changes), N-1, bottlenecks and the cheapest upgrades keeping every link under
/// the target. Without <c>--branch</c> nothing is written; with it the links network and the evaluated utilisation are
/// recorded as twins on that branch (<see cref="CapacityTwinStore"/>): main takes only the network as given, a what-if
/// goes on a branch forked from main.
/// </summary>
internal static class NetworkCapacity
{
    public static Command Create(GlobalOptions g)
    {
        var links = new Option<string?>("--links") { Description = "The links file (YAML: nodes, links with capacity, latency, weight, step_cost; see examples/network/links.yaml); without it, the links network stored on --branch (else main) is evaluated" };
        var traffic = new Option<string?>("--traffic") { Description = "The traffic matrix (CSV: src,dst,rate or NetFlow-style sa,da,bytes,duration; or link,rate measured); without it, the one stored with the links network" };
        var target = new Option<double>("--target") { Description = "Utilisation every link should stay under (0–1]", DefaultValueFactory = _ => 0.8 };
        var n1 = new Option<bool>("--n-1") { Description = "Fail every single link and node in turn: what is cut off, what overloads; upgrades then cover every failure" };
        var fail = new Option<string[]>("--fail") { Description = "What-if: take out a link, a node or a host (repeatable)" };
        var upgrade = new Option<string[]>("--upgrade") { Description = "What-if: LINK=RATE, e.g. uplink=10G (repeatable)" };
        var weight = new Option<string[]>("--weight") { Description = "What-if: LINK=N, a new routing weight (repeatable)" };
        var ecmp = new Option<bool>("--ecmp") { Description = "Split demands equally over equal-cost paths (otherwise one path, ties broken by link order)" };
        var top = new Option<int>("--top") { Description = "Rows in the link and demand tables", DefaultValueFactory = _ => 10 };
        var cmd = new Command("capacity", "Link utilisation and queueing latency for a traffic matrix; what-if on failures, upgrades and routing weights; N-1; bottlenecks and the cheapest upgrades keeping every link under --target. With --branch NAME the links network, the what-if and the resulting utilisation are recorded as twins on that branch (main: only the network as given)")
            { links, traffic, target, n1, fail, upgrade, weight, ecmp, top };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var t = ctx.Get(target);
            if (!(t > 0 && t <= 1)) throw new CliUsageException("--target must be in (0, 1], e.g. 0.8.");
            if (ctx.Get(top) < 1) throw new CliUsageException("--top must be at least 1.");
            var (failed, upgraded, reweighted) = (ctx.Get(fail) ?? [], ctx.Get(upgrade) ?? [], ctx.Get(weight) ?? []);
            var hasWhatIf = failed.Length + upgraded.Length + reweighted.Length > 0;
            if (ctx.BranchGiven && ctx.Branch == BranchInfo.Main && hasWhatIf)
                throw new CliUsageException("what-ifs never change main; give --branch NAME");
            StoredLinkNetwork? stored = null;
            CapacityNetwork network;
            if (ctx.Get(links) is { } linksPath) network = LinksFile.Load(linksPath);
            else
            {
                var from = ctx.Service.Branches.Any(b => b.Name == ctx.Branch) ? ctx.Branch : BranchInfo.Main;
                stored = new CapacityTwinStore(ctx.Service).Load(from)
                    ?? throw new CliUsageException($"Give --links FILE: no links network is stored on '{from}' (store one with 'twinlab network capacity --links FILE --traffic FILE --branch main').");
                network = stored.Network;
            }
            var trafficPath = ctx.Get(traffic) ?? stored?.TrafficPath
                ?? throw new CliUsageException("Give --traffic FILE: the stored links network has no traffic matrix.");
            var matrix = TrafficFile.Load(trafficPath, network);
            var added = Scenario(network, failed, upgraded, reweighted);
            var scenario = stored is null || stored.Failures.IsEmpty ? added : added with
            {
                FailedLinks = [.. stored.Failures.FailedLinks.Union(added.FailedLinks, StringComparer.Ordinal)],
                FailedNodes = [.. stored.Failures.FailedNodes.Union(added.FailedNodes, StringComparer.Ordinal)],
                FailedHosts = [.. stored.Failures.FailedHosts.Union(added.FailedHosts, StringComparer.Ordinal)],
            };
            var useEcmp = ctx.Get(ecmp) || (stored?.Ecmp ?? false);
            var report = CapacityAnalysis.Analyse(network, matrix, new CapacityOptions { Target = t, Ecmp = useEcmp }, scenario, ctx.Get(n1));
            CapacityTwinOutcome? recorded = null;
            if (ctx.BranchGiven)
                recorded = new CapacityTwinStore(ctx.Service).Record(ctx.Branch, network, report,
                    new CapacityTwinInputs { TrafficPath = Path.GetFullPath(trafficPath), Ecmp = useEcmp, Stored = stored, WhatIf = added }, ctx.WriteContext);
            if (ctx.Json)
            {
                var json = Json(report);
                json["branch"] = recorded is null ? null : Json(recorded);
                ctx.WriteJson(json);
            }
            else
            {
                if (stored is not null) ctx.Out.WriteLine($"Links network stored on '{(ctx.Service.Branches.Any(b => b.Name == ctx.Branch) ? ctx.Branch : BranchInfo.Main)}'{(stored.WhatIf is null ? "" : $" (what-ifs recorded there: {stored.WhatIf})")}.");
                Print(ctx.Out, report, matrix, ctx.Get(top));
                if (recorded is not null) Print(ctx.Out, recorded);
            }
            return 0;
        }));
        return cmd;
    }

    private static void Print(TextWriter w, CapacityTwinOutcome o)
    {
        w.WriteLine();
        if (o.Duplicate)
        {
            w.WriteLine($"Already recorded on branch '{o.Branch}' ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}): nothing written again.");
            return;
        }
        w.WriteLine(o.Branch == BranchInfo.Main
            ? $"Stored on main: {o.Nodes} nodes, {o.Links} links with their utilisation ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)})."
            : $"Recorded on branch '{o.Branch}'{(o.BranchCreated ? " (forked from main)" : "")}: {o.Nodes} nodes, {o.Links} links with their utilisation{(o.WhatIf.Length > 0 ? $"; what-if: {o.WhatIf}" : "")} ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}); main is unchanged; see 'twinlab branch diff {o.Branch}'.");
    }

    private static JsonObject Json(CapacityTwinOutcome o) => new()
    {
        ["name"] = o.Branch,
        ["created"] = o.BranchCreated,
        ["nodes"] = o.Nodes,
        ["links"] = o.Links,
        ["removed"] = o.Removed,
        ["whatIf"] = o.WhatIf,
        ["duplicate"] = o.Duplicate,
        ["sequences"] = CliContext.SequenceJson(o.FirstSequence, o.LastSequence),
    };

    private static CapacityScenario Scenario(CapacityNetwork network, string[] fail, string[] upgrade, string[] weight)
    {
        var links = new List<string>();
        var nodes = new List<string>();
        var hosts = new List<string>();
        foreach (var f in fail)
        {
            if (network.FindLink(f) is not null) links.Add(f);
            else if (network.FindNode(f) is not null) nodes.Add(f);
            else if (network.IsHost(f)) hosts.Add(f);
            else throw new CliUsageException($"--fail {f}: not a link, node or host of {network.File}; links: {string.Join(", ", network.Links.Select(l => l.Name))}");
        }
        var upgrades = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (link, value) in Pairs("--upgrade", upgrade, network))
            upgrades[link] = BitRate.TryParse(value, out var bps, out var problem) && bps > 0 ? bps : throw new CliUsageException($"--upgrade {link}={value}: {(problem.Length > 0 ? problem : "must be positive")}");
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (link, value) in Pairs("--weight", weight, network))
            weights[link] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0 && double.IsFinite(w)
                ? w : throw new CliUsageException($"--weight {link}={value}: the weight must be a positive number");
        return new CapacityScenario { FailedLinks = links, FailedNodes = nodes, FailedHosts = hosts, Upgrades = upgrades, Weights = weights };
    }

    private static IEnumerable<(string Link, string Value)> Pairs(string option, string[] texts, CapacityNetwork network)
    {
        foreach (var text in texts)
        {
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new CliUsageException($"{option} {text}: write LINK=VALUE, e.g. uplink=10G or wan=20");
            var link = text[..eq].Trim();
            if (network.FindLink(link) is null) throw new CliUsageException($"{option} {text}: unknown link '{link}'; links: {string.Join(", ", network.Links.Select(l => l.Name))}");
            yield return (link, text[(eq + 1)..].Trim());
        }
    }

    private static void Print(TextWriter w, CapacityReport r, TrafficMatrix traffic, int top)
    {
        var e = r.Evaluated;
        var offered = traffic.Demands.Sum(d => d.Rate);
        w.WriteLine($"Network {Name(e.Network)}: {e.Network.Nodes.Count} nodes, {e.Network.Links.Count} links, {traffic.Demands.Count} demands ({BitRate.Format(offered)}bit/s offered){(traffic.LinkRates.Count > 0 ? $", {traffic.LinkRates.Count} measured link rate(s)" : "")}; target {Pct(e.Target)}.");
        if (r.Scenario is { } s) w.WriteLine($"What-if (on a copy): {s.Describe()}.");
        w.WriteLine();
        var before = r.Base.Links.ToDictionary(l => l.Link.Name, StringComparer.Ordinal);
        var shown = e.Links.OrderByDescending(l => l.Utilisation).ThenBy(l => l.Link.Name, StringComparer.Ordinal).Take(top).ToList();
        w.WriteLine($"Links, busiest first ({shown.Count} of {e.Links.Count}):");
        var headers = new List<string> { "link", "between", "capacity", "load A→B", "load B→A", "utilisation" };
        if (r.WhatIf is not null) headers.Add("before");
        headers.AddRange(["latency ms", "flag"]);
        Table.Write(w, headers, shown.Select(l =>
        {
            var row = new List<string> { l.Link.Name, $"{l.Link.A}–{l.Link.B}", BitRate.Format(l.Link.Capacity), BitRate.Format(l.LoadAToB), BitRate.Format(l.LoadBToA), Pct(l.Utilisation) };
            if (r.WhatIf is not null) row.Add(before.TryGetValue(l.Link.Name, out var b) ? Pct(b.Utilisation) : "-");
            row.Add(Ms(l.Latency));
            row.Add(l.Overloaded ? "OVERLOADED" : l.Utilisation >= e.Target ? "bottleneck" : "");
            return (IReadOnlyList<string>)row;
        }));
        var bottlenecks = e.Bottlenecks;
        w.WriteLine(bottlenecks.Count == 0
            ? $"No bottleneck: every link is under {Pct(e.Target)}."
            : $"Bottlenecks (≥ {Pct(e.Target)}): {string.Join(", ", bottlenecks.Select(b => $"{b.Link.Name} {Pct(b.Utilisation)}{(b.Overloaded ? " OVERLOADED" : "")}"))}.");
        w.WriteLine();
        var routed = e.Demands.Where(d => d.Status == DemandStatus.Routed).ToList();
        var slowest = routed.OrderByDescending(d => d.Latency ?? double.PositiveInfinity).ThenBy(d => d.Demand.Line).Take(top).ToList();
        w.WriteLine($"Demands: {routed.Count} carried, {e.NotCarried.Count} not carried; slowest first ({slowest.Count}):");
        Table.Write(w, ["demand", "rate", "path", "latency ms"], slowest.Select(d => (IReadOnlyList<string>)[
            d.Demand.Label, BitRate.Format(d.Demand.Rate), string.Join(" → ", d.Path), d.Latency is null ? $"∞ ({d.OverloadedLink} overloaded)" : Ms(d.Latency)]));
        foreach (var d in e.NotCarried)
            w.WriteLine($"  not carried: {d.Demand.Label} ({(d.Status == DemandStatus.Disconnected ? "no path" : "endpoint down")})");
        if (r.NMinusOne is { } n1)
        {
            w.WriteLine();
            var spofs = n1.SinglePointsOfFailure;
            w.WriteLine($"N-1: {n1.Failures.Count} single failures; {spofs.Count} cut demands off; {n1.Overloading.Count} push a link to {Pct(n1.Target)} or more; worst utilisation {Pct(n1.WorstUtilisation)}.");
            if (spofs.Count > 0)
                Table.Write(w, ["single point of failure", "kind", "demands cut off", "rate", "services"], spofs.Select(f => (IReadOnlyList<string>)[
                    f.Element, f.Kind == FailureKind.Link ? "link" : "node", f.Disconnected.Count.ToString(CultureInfo.InvariantCulture),
                    BitRate.Format(f.Disconnected.Sum(d => d.Rate)), string.Join(", ", f.Disconnected.Select(d => d.Service.Length > 0 ? d.Service : d.Label).Distinct())]));
            var overloading = n1.Overloading.OrderByDescending(f => f.WorstUtilisation).Take(top).ToList();
            if (overloading.Count > 0)
                Table.Write(w, ["failure", "kind", "links over target", "worst"], overloading.Select(f => (IReadOnlyList<string>)[
                    f.Element, f.Kind == FailureKind.Link ? "link" : "node", string.Join(", ", f.OverTarget.Select(o => $"{o.Link} {Pct(o.Utilisation)}")),
                    $"{f.WorstLink} {Pct(f.WorstUtilisation)}{(f.Overloads ? " OVERLOADED" : "")}"]));
        }
        w.WriteLine();
        var plan = r.Upgrades;
        var unit = plan.CostUnit.Length > 0 ? " " + plan.CostUnit : "";
        var scope = plan.NMinusOne ? "in the base case and under every single failure" : "in the base case";
        if (plan.Upgrades.Count == 0 && plan.Unfixable.Count == 0) w.WriteLine($"No upgrade needed: every link stays under {Pct(plan.Target)} {scope}.");
        else
        {
            w.WriteLine($"Cheapest upgrades keeping every link under {Pct(plan.Target)} {scope} (exact): {plan.Upgrades.Count} link(s), {Money(plan.Cost)}{unit}.");
            Table.Write(w, ["link", "from", "to", "steps", "cost", "load to carry", "worst case", "worst utilisation now", "after"], plan.Upgrades.Concat(plan.Unfixable).Select(u => (IReadOnlyList<string>)[
                u.Link, BitRate.Format(u.From), BitRate.Format(u.To) + (plan.Unfixable.Contains(u) ? " (max, not enough)" : ""),
                u.Steps.ToString(CultureInfo.InvariantCulture), Money(u.Cost) + unit, BitRate.Format(u.RequiredLoad), u.WorstFailure is null ? "base" : "fail " + u.WorstFailure,
                Pct(u.UtilisationBefore), Pct(u.UtilisationAfter)]));
            if (plan.Unfixable.Count > 0) w.WriteLine($"Cannot be brought under the target within their maximum rate: {string.Join(", ", plan.Unfixable.Select(u => u.Link))}.");
        }
        if (r.NMinusOne is { } n && n.SinglePointsOfFailure.Count > 0)
            w.WriteLine("Capacity does not fix a single point of failure: add a redundant link or node for the demands cut off above.");
    }

    private static string Name(CapacityNetwork n) => n.Name.Length > 0 ? n.Name : n.File;

    private static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Ms(double? seconds) => seconds is { } s ? (s * 1000).ToString("0.000", CultureInfo.InvariantCulture) : "∞";

    private static string Money(double v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static JsonObject Json(CapacityReport r) => new()
    {
        ["network"] = Name(r.Evaluated.Network),
        ["target"] = r.Evaluated.Target,
        ["whatIf"] = r.Scenario is { } s ? new JsonObject
        {
            ["failedLinks"] = Strings(s.FailedLinks),
            ["failedNodes"] = Strings(s.FailedNodes),
            ["failedHosts"] = Strings(s.FailedHosts),
            ["upgrades"] = new JsonObject(s.Upgrades.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)u.Value))),
            ["weights"] = new JsonObject(s.Weights.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)u.Value))),
        } : null,
        ["base"] = Json(r.Base),
        ["evaluated"] = r.WhatIf is { } w ? Json(w) : null,
        ["nMinusOne"] = r.NMinusOne is { } n ? Json(n) : null,
        ["upgrades"] = Json(r.Upgrades),
    };

    private static JsonObject Json(CapacityResult c) => new()
    {
        ["maxUtilisation"] = c.MaxUtilisation,
        ["bottlenecks"] = Strings(c.Bottlenecks.Select(b => b.Link.Name)),
        ["overloaded"] = Strings(c.Overloaded.Select(b => b.Link.Name)),
        ["links"] = new JsonArray([.. c.Links.Select(l => (JsonNode?)new JsonObject
        {
            ["name"] = l.Link.Name,
            ["a"] = l.Link.A,
            ["b"] = l.Link.B,
            ["capacityBps"] = l.Link.Capacity,
            ["weight"] = l.Link.Weight,
            ["loadAToBBps"] = l.LoadAToB,
            ["loadBToABps"] = l.LoadBToA,
            ["utilisation"] = l.Utilisation,
            ["queueingDelaySeconds"] = l.QueueingDelay,
            ["latencySeconds"] = l.Latency,
            ["overloaded"] = l.Overloaded,
        })]),
        ["demands"] = new JsonArray([.. c.Demands.Select(d => (JsonNode?)new JsonObject
        {
            ["service"] = d.Demand.Service,
            ["source"] = d.Demand.Source,
            ["destination"] = d.Demand.Destination,
            ["rateBps"] = d.Demand.Rate,
            ["line"] = d.Demand.Line,
            ["status"] = d.Status.ToString(),
            ["path"] = Strings(d.Path),
            ["latencySeconds"] = d.Latency,
            ["overloadedLink"] = d.OverloadedLink,
        })]),
    };

    private static JsonObject Json(NMinusOneResult n) => new()
    {
        ["worstUtilisation"] = n.WorstUtilisation,
        ["singlePointsOfFailure"] = Strings(n.SinglePointsOfFailure.Select(f => f.Element)),
        ["failures"] = new JsonArray([.. n.Failures.Select(f => (JsonNode?)new JsonObject
        {
            ["element"] = f.Element,
            ["kind"] = f.Kind.ToString(),
            ["disconnected"] = Strings(f.Disconnected.Select(d => d.Label)),
            ["endpointDown"] = Strings(f.EndpointDown.Select(d => d.Label)),
            ["overTarget"] = new JsonArray([.. f.OverTarget.Select(o => (JsonNode?)new JsonObject { ["link"] = o.Link, ["utilisation"] = o.Utilisation, ["loadBps"] = o.Load })]),
            ["worstLink"] = f.WorstLink,
            ["worstUtilisation"] = f.WorstUtilisation,
        })]),
        ["worstCase"] = new JsonArray([.. n.WorstCase.Select(c => (JsonNode?)new JsonObject
        {
            ["link"] = c.Link, ["baseUtilisation"] = c.BaseUtilisation, ["utilisation"] = c.Utilisation, ["failure"] = c.Failure,
        })]),
    };

    private static JsonObject Json(UpgradePlan p) => new()
    {
        ["nMinusOne"] = p.NMinusOne,
        ["cost"] = p.Cost,
        ["costUnit"] = p.CostUnit,
        ["links"] = new JsonArray([.. p.Upgrades.Select(u => (JsonNode?)Json(u))]),
        ["unfixable"] = new JsonArray([.. p.Unfixable.Select(u => (JsonNode?)Json(u))]),
    };

    private static JsonObject Json(LinkUpgrade u) => new()
    {
        ["link"] = u.Link,
        ["fromBps"] = u.From,
        ["toBps"] = u.To,
        ["to"] = BitRate.Format(u.To),
        ["steps"] = u.Steps,
        ["cost"] = u.Cost,
        ["requiredLoadBps"] = u.RequiredLoad,
        ["worstFailure"] = u.WorstFailure,
        ["utilisationBefore"] = u.UtilisationBefore,
        ["utilisationAfter"] = u.UtilisationAfter,
    };

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)i)]);
}
