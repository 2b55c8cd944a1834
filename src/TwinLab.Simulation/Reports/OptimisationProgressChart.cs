using ScottPlot;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>The objective of every candidate in evaluation order, with the best feasible value so far as a step line.</summary>
internal static class OptimisationProgressChart
{
    // Beyond this many candidates the CI whiskers hide the points.
    private const int MaxWhiskers = 60;

    public static ReportChart? Create(ExperimentRecord record)
    {
        var optimisation = record.Optimisation;
        var history = optimisation?.History.Select((c, i) => (X: i + 1.0, Candidate: c)).Where(p => double.IsFinite(p.Candidate.Objective)).ToArray() ?? [];
        if (optimisation is null || history.Length == 0) return null;
        // The objective's text already says which way it goes ("maximise throughput").
        var title = $"Optimisation: {optimisation.Objective}";
        return new ReportChart("optimisation-progress", title, () =>
        {
            var plot = PlotKit.Create(title, "evaluation", "objective");
            var feasible = history.Where(p => p.Candidate.Feasible).ToArray();
            var infeasible = history.Where(p => !p.Candidate.Feasible).ToArray();
            if (history.Length <= MaxWhiskers && feasible.Length > 0)
                PlotKit.ErrorBars(plot, feasible.Select(p => p.X).ToArray(), feasible.Select(p => p.Candidate.Objective).ToArray(),
                    feasible.Select(p => p.Candidate.CiLow).ToArray(), feasible.Select(p => p.Candidate.CiHigh).ToArray(), PlotKit.Neutral);
            if (feasible.Length > 0)
                plot.Add.Markers(feasible.Select(p => p.X).ToArray(), feasible.Select(p => p.Candidate.Objective).ToArray(),
                    MarkerShape.FilledCircle, 6, PlotKit.Colour(0)).LegendText = "candidate";
            if (infeasible.Length > 0)
                plot.Add.Markers(infeasible.Select(p => p.X).ToArray(), infeasible.Select(p => p.Candidate.Objective).ToArray(),
                    MarkerShape.OpenCircle, 6, PlotKit.Neutral).LegendText = "infeasible";
            if (BestSoFar(feasible, optimisation.Direction) is { Length: > 0 } steps)
            {
                var line = plot.Add.ScatterLine(steps.Select(s => s.X).ToArray(), steps.Select(s => s.Y).ToArray(), PlotKit.Better);
                line.LineWidth = 2;
                line.LegendText = "best so far";
            }
            PlotKit.Legend(plot);
            return plot;
        });
    }

    // Corner points of a step line through the running best, so a flat stretch shows that nothing better was found.
    private static (double X, double Y)[] BestSoFar((double X, CandidateRecord Candidate)[] feasible, KpiDirection direction)
    {
        if (direction == KpiDirection.None || feasible.Length == 0) return [];
        var steps = new List<(double X, double Y)>();
        var best = double.NaN;
        foreach (var (x, c) in feasible)
        {
            var improves = double.IsNaN(best) || (direction == KpiDirection.Maximise ? c.Objective > best : c.Objective < best);
            if (!improves) continue;
            if (steps.Count > 0) steps.Add((x, best));
            best = c.Objective;
            steps.Add((x, best));
        }
        steps.Add((feasible[^1].X, best));
        return steps.ToArray();
    }
}
