using System.Globalization;
using TwinLab.Network.Analysis;
using TwinLab.Network.Defence;
using TwinLab.Simulation.Reports;

namespace TwinLab.Network.Reporting;

/// <summary>
/// The network security report: one self-contained HTML file (style and SVG inline, nothing fetched) with the attack
/// graph of the most likely and shortest paths to the crown jewels, each crown jewel's compromise probability, the
/// Monte Carlo attacker's time to compromise, and the recommended fixes with their cost and the paths each removes.
/// </summary>
/// <remarks>All text is HTML-escaped. The same content gives the same bytes: no clock is read.</remarks>
public static class NetworkReport
{
    private const int PathsListed = 5;

    /// <summary>The report as an HTML document.</summary>
    /// <param name="content">What to show.</param>
    public static string RenderHtml(NetworkReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var html = new HtmlBuilder();
        html.BeginDocument($"{content.Title} – TwinLab", "svg.attack-graph { max-width: 100%; height: auto; }\n.path { font-family: ui-monospace, \"DejaVu Sans Mono\", monospace; font-size: .85rem; }\n");
        html.Raw("<header>\n").Element("p", "TwinLab network security report", "kicker").Element("h1", content.Title);
        if (content.Generated is { } generated) html.Element("p", generated, "muted");
        html.Raw("</header>\n<main>\n");
        if (content.Facts.Count > 0) html.Facts(content.Facts.Select(f => (f.Name, new Cell(f.Value))));
        if (content.Notes.Count > 0) html.Section("notes", "Notes").List(content.Notes).EndSection();
        if (content.Paths.Count > 0) AttackGraph(html, content);
        if (content.Risk is { } risk) Risk(html, risk);
        if (content.Simulation is { } sim) Simulation(html, sim);
        if (content.Cut is { } cut) Fixes(html, cut, content.Excluded);
        html.Raw("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes <see cref="RenderHtml"/> to <paramref name="path"/> (UTF-8, no BOM), creating its directory.</summary>
    /// <param name="content">What to show.</param>
    /// <param name="path">The HTML file.</param>
    public static void WriteHtml(NetworkReportContent content, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ReportWriter.WriteText(RenderHtml(content), path);
    }

    private static void AttackGraph(HtmlBuilder html, NetworkReportContent content)
    {
        var jewels = content.Paths.Select(p => p.Host).ToHashSet(StringComparer.Ordinal);
        var drawn = content.Paths.SelectMany(p => new[] { p.MostLikely, p.Shortest }).OfType<PathView>().ToList();
        html.Section("attack-graph", "Attack graph: the most likely paths to the crown jewels");
        html.Element("p", "Hosts left to right by hops from the attacker's starts; arrows are exploit steps labelled with the CVE (or stolen credential) and the MITRE ATT&CK technique; steps taken on a host itself are written under it. Drawn: each crown jewel's most likely and shortest path.", "muted");
        html.Raw("<figure data-chart=\"attack-graph\">\n").Raw(AttackGraphSvg.Render(AttackGraphDrawing.Of(drawn, jewels)))
            .Raw("\n<figcaption>").Raw(Html.Encode($"Attack graph of {drawn.Count} paths to {string.Join(", ", jewels.Order(StringComparer.Ordinal))}")).Raw("</figcaption>\n</figure>\n");
        html.Table(["crown jewel", "most likely path", "P(path)", "actions", "shortest path", "actions"], content.Paths.Select(p => (IReadOnlyList<Cell>)[
            new Cell(p.Host), new Cell(p.MostLikely is { } m ? Steps(m) : "not reachable", "mono"), Num(p.MostLikely?.Probability, "0.000"),
            Num(p.MostLikely?.ActionCount, "0"), new Cell(p.Shortest is { } s ? Steps(s) : "-", "mono"), Num(p.Shortest?.ActionCount, "0")]));
        html.EndSection();
    }

    private static void Risk(HtmlBuilder html, RiskReport risk)
    {
        html.Section("risk", "Compromise probability per crown jewel");
        html.Element("p", $"Monte Carlo attacker without a time limit ({risk.Replications.ToString("N0", CultureInfo.InvariantCulture)} replications, seed {risk.Seed.ToString(CultureInfo.InvariantCulture)}), with the 95% Wilson interval; the attack graph's propagated estimate beside it. Expected loss = value × probability; crown jewels' total {risk.CrownJewelExpectedLoss.ToString("0.#", CultureInfo.InvariantCulture)}, all assets' {risk.TotalExpectedLoss.ToString("0.#", CultureInfo.InvariantCulture)}.", "muted");
        html.Table(["asset", "crown jewel", "value", "P(compromise)", "95% interval", "graph estimate", "expected loss", "fewest actions"],
            risk.Assets.Select(a => (IReadOnlyList<Cell>)[
                new Cell(a.Host), new Cell(a.CrownJewel ? "yes" : ""), Num(a.Value, "0.#"), Num(a.CompromiseProbability, "0.000"),
                new Cell($"{a.ProbabilityLow.ToString("0.000", CultureInfo.InvariantCulture)}–{a.ProbabilityHigh.ToString("0.000", CultureInfo.InvariantCulture)}", "num"),
                Num(a.GraphEstimate, "0.000"), Num(a.ExpectedLoss, "0.#"), Num(a.ShortestActions, "0")]));
        html.EndSection();
    }

    private static void Simulation(HtmlBuilder html, SimulationSummary sim)
    {
        html.Section("time-to-compromise", "Time to compromise (Monte Carlo attacker)");
        html.Element("p", $"{sim.Replications.ToString("N0", CultureInfo.InvariantCulture)} simulated attackers, seed {sim.Seed.ToString(CultureInfo.InvariantCulture)}, each stopping after {(sim.HorizonHours / 24).ToString("0.#", CultureInfo.InvariantCulture)} days; times are among the attackers that succeeded.", "muted");
        html.Table(["asset", "crown jewel", "P(within horizon)", "median h", "90th pct h", "mean h", "most frequent path", "share"],
            sim.Assets.Select(a => (IReadOnlyList<Cell>)[
                new Cell(a.Host), new Cell(a.CrownJewel ? "yes" : ""), Num(a.Probability, "0.000"), Num(a.MedianHours, "0.0"), Num(a.P90Hours, "0.0"),
                Num(a.MeanHours, "0.0"), new Cell(a.TopPaths.FirstOrDefault() is { } p ? string.Join(" → ", p.Steps) : "-", "mono"),
                Num(a.TopPaths.FirstOrDefault()?.Share, "0%")]));
        html.EndSection();
    }

    private static void Fixes(HtmlBuilder html, DefenceCut cut, IReadOnlyList<string> excluded)
    {
        html.Section("fixes", "Recommended fixes: the cheapest cut");
        if (cut.Status == CutStatus.NothingToCut)
        {
            html.Element("p", "No crown jewel can be reached: nothing to cut.");
            html.EndSection();
            return;
        }
        var status = cut.Status switch
        {
            CutStatus.Optimal => "proved optimal (CP-SAT)",
            CutStatus.Feasible => "best found within the search limit",
            _ => "greedy (network too large for the exact search)",
        };
        html.Element("p", $"{cut.Measures.Count} change(s), {cut.Cost.ToString("0.#", CultureInfo.InvariantCulture)} h of work ({status}; lower bound {cut.LowerBound.ToString("0.#", CultureInfo.InvariantCulture)} h), cutting every attack path to {string.Join(", ", cut.Goals.Select(g => g.Subject))}.");
        html.Table(["change", "hours", "paths removed", "what"], cut.Measures.Select(m =>
        {
            var why = cut.Explanations.FirstOrDefault(e => e.Measure == m);
            return (IReadOnlyList<Cell>)[new Cell(m.Id, "mono"), Num(m.Cost, "0.#"),
                new Cell(why is null ? "-" : why.PathsRemoved.Count.ToString(CultureInfo.InvariantCulture) + (why.Truncated ? "+" : ""), "num"), new Cell(m.Description ?? "")];
        }));
        foreach (var e in cut.Explanations.Where(e => e.PathsRemoved.Count > 0))
        {
            html.Element("h3", $"{e.Measure.Id} removes");
            html.List(e.PathsRemoved.Take(PathsListed).Select(p => p.ToString())
                .Concat(e.PathsRemoved.Count > PathsListed || e.Truncated ? [$"… {(e.Truncated ? "and more" : $"{e.PathsRemoved.Count - PathsListed} more")}"] : []));
        }
        if (cut.UncuttableGoals.Count > 0)
            html.Element("p", $"No candidate change protects {string.Join(", ", cut.UncuttableGoals.Select(g => g.Subject))} (the attacker starts there, or every change is excluded).", "warning");
        if (excluded.Count > 0)
            html.Element("p", $"Not considered (the business needs them): {string.Join(", ", excluded)}.", "muted");
        html.EndSection();
    }

    private static string Steps(PathView p) => string.Join(" → ", p.Actions.Select(a => a.Technique is null ? a.Conclusion : $"{a.Conclusion} [{a.Technique}]"));

    private static Cell Num(double? v, string format) => new(v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-", "num");
}
