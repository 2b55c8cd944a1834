using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Optimisations: the search, the top candidates and whether the best really beats the runner-up.</summary>
internal static class OptimisationSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        if (record.Optimisation is not { } o) return;
        html.Section("optimisation", "Optimisation");
        html.Facts(
        [
            ("Objective", o.Objective),
            ("Direction", o.Direction switch { KpiDirection.Maximise => "maximise", KpiDirection.Minimise => "minimise", _ => "none" }),
            ("Method", o.Method),
            ("Candidates evaluated", Num.Format(o.Evaluations)),
            ("Feasible", $"{Num.Format(o.History.Count(c => c.Feasible))} of {Num.Format(o.History.Count)} in the history"),
        ]);
        html.Element("p", RunnerUp(o));
        if (o.Best.Count > 0)
        {
            var kpis = record.KpiNames().Where(k => o.Best.Any(c => c.KpiMeans.ContainsKey(k))).ToArray();
            html.Table(
                ["Rank", "Candidate", "Parameters", "Objective", "CI", "Feasible", "Replications", .. kpis.Select(k => $"{k} mean")],
                o.Best.Select((c, i) => Row(c, i + 1, kpis)), "Top candidates, best first");
        }
        html.Figure(ReportPlots.OptimisationProgress(record)).Figure(ReportPlots.OptimisationSurface(record));
        html.EndSection();
    }

    private static IReadOnlyList<Cell> Row(CandidateRecord c, int rank, string[] kpis) =>
    [
        Cell.Numeric(Num.Format(rank)), c.Name, string.Join(", ", c.Parameters.Select(p => $"{p.Key} = {p.Value}")),
        Cell.Number(c.Objective), Cell.Numeric(Num.Interval(c.CiLow, c.CiHigh)), c.Feasible ? "yes" : "no",
        Cell.Numeric(Num.Format(c.Replications)),
        .. kpis.Select(k => c.KpiMeans.TryGetValue(k, out var mean) ? Cell.Number(mean) : Cell.Numeric("n/a")),
    ];

    /// <summary>Whether the best candidate beat the runner-up, in words a decision maker can act on.</summary>
    public static string RunnerUp(OptimisationRecord o)
    {
        if (o.Best.Count == 0) return "No candidate finished, so there is no best candidate.";
        var best = $"{o.Best[0].Name} (objective {Num.Format(o.Best[0].Objective)})";
        if (o.Best.Count == 1) return $"The best candidate is {best}; there is no runner-up to compare it with.";
        var second = $"{o.Best[1].Name} (objective {Num.Format(o.Best[1].Objective)})";
        return o.BestSignificantlyBetter switch
        {
            true => $"The best candidate, {best}, is significantly better than the runner-up, {second}: the paired confidence interval of their difference excludes zero.",
            false => $"The best candidate, {best}, is not significantly better than the runner-up, {second}: the paired confidence interval of their difference includes zero, so either may be best. More replications would separate them.",
            null => $"The best candidate is {best}, ahead of the runner-up, {second}; whether the difference is significant was not tested.",
        };
    }
}
