using System.Globalization;
using ScottPlot;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>
/// The objective over the decision space: with two numeric variables a scatter coloured by objective, with one the
/// objective (and CI) against the variable. More variables have no faithful flat picture, so no chart.
/// </summary>
internal static class OptimisationSurfaceChart
{
    public static ReportChart? Create(ExperimentRecord record)
    {
        var optimisation = record.Optimisation;
        var history = optimisation?.History.Where(c => double.IsFinite(c.Objective)).ToArray() ?? [];
        var variables = NumericVariables(history);
        if (optimisation is null || variables.Length is 0 or > 2) return null;
        var best = optimisation.Best.FirstOrDefault();
        var title = variables.Length == 2
            ? $"Objective over {variables[0]} and {variables[1]}"
            : $"Objective against {variables[0]}";
        return new ReportChart("optimisation-surface", title, () =>
            variables.Length == 2 ? Scatter(title, variables, history, best) : Line(title, variables[0], history));
    }

    private static Plot Scatter(string title, string[] variables, CandidateRecord[] history, CandidateRecord? best)
    {
        var plot = PlotKit.Create(title, variables[0], variables[1]);
        var scale = new ObjectiveColourScale(history.Min(c => c.Objective), history.Max(c => c.Objective));
        foreach (var c in history)
            plot.Add.Marker(Value(c, variables[0]), Value(c, variables[1]), c.Feasible ? MarkerShape.FilledCircle : MarkerShape.OpenCircle,
                10, scale.ColourOf(c.Objective));
        if (best is not null && best.Parameters.ContainsKey(variables[0]) && best.Parameters.ContainsKey(variables[1]))
            plot.Add.Marker(Value(best, variables[0]), Value(best, variables[1]), MarkerShape.OpenCircle, 18, PlotKit.Worse).LegendText = "best";
        plot.Add.ColorBar(scale).Label = "objective";
        PlotKit.Legend(plot);
        return plot;
    }

    private static Plot Line(string title, string variable, CandidateRecord[] history)
    {
        var plot = PlotKit.Create(title, variable, "objective");
        var sorted = history.OrderBy(c => Value(c, variable)).ToArray();
        var xs = sorted.Select(c => Value(c, variable)).ToArray();
        var ys = sorted.Select(c => c.Objective).ToArray();
        PlotKit.ErrorBars(plot, xs, ys, sorted.Select(c => c.CiLow).ToArray(), sorted.Select(c => c.CiHigh).ToArray(), PlotKit.Neutral);
        plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 7, PlotKit.Colour(0));
        return plot;
    }

    // Parameters present in every candidate, numeric in every one, and taking more than one value: the ones searched.
    private static string[] NumericVariables(CandidateRecord[] history)
    {
        if (history.Length == 0) return [];
        return history[0].Parameters.Keys
            .Where(k => history.All(c => c.Parameters.TryGetValue(k, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            .Where(k => history.Select(c => Value(c, k)).Distinct().Skip(1).Any())
            .ToArray();
    }

    private static double Value(CandidateRecord c, string variable) =>
        double.Parse(c.Parameters[variable], NumberStyles.Float, CultureInfo.InvariantCulture);
}
