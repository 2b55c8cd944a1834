using ScottPlot;
using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>The simulation section's charts: service level, agents, queue length and arrivals per interval, each a mean over a band across replications.</summary>
/// <param name="Bands">The series summarised, by name.</param>
/// <param name="Charts">The charts, in report order.</param>
internal sealed record SimulationCharts(IReadOnlyDictionary<string, SeriesBand> Bands, IReadOnlyList<ReportChart> Charts)
{
    public static SimulationCharts Create(SimulationRuns runs, ChartNameBook names)
    {
        if (runs.Replications is not { Count: > 0 }) throw new ArgumentException($"Simulation '{runs.Name}' has no replications.", nameof(runs));
        if (!(runs.BandLow >= 0 && runs.BandLow < runs.BandHigh && runs.BandHigh <= 1))
            throw new ArgumentException($"Simulation '{runs.Name}': the band {runs.BandLow}–{runs.BandHigh} must satisfy 0 ≤ low < high ≤ 1.", nameof(runs));
        var bands = new[] { "service_level", "agents_available", "agents_busy", "queue_length", "arrivals" }
            .Select(n => SeriesBand.Of(runs.Replications, n, runs.BandLow, runs.BandHigh))
            .OfType<SeriesBand>()
            .ToDictionary(b => b.Name, StringComparer.Ordinal);
        var band = $"mean and {Percent(runs.BandLow)}–{Percent(runs.BandHigh)} band over {runs.Replications.Count} replications";
        var charts = new List<ReportChart?>
        {
            Chart(names, "service-level", $"Service level per interval: {band}", "share answered within target", bands,
                [("service_level", "service level")], runs.ServiceLevelGoal),
            Chart(names, "agents", $"Agents per interval: {band}", "agents (time average)", bands,
                [("agents_available", "staffed"), ("agents_busy", "busy")], null),
            Chart(names, "queue-length", $"Queue length per interval: {band}", "contacts waiting (time average)", bands,
                [("queue_length", "queue length")], null),
            Chart(names, "arrivals", $"Arrivals per interval: {band}", "contacts offered", bands, [("arrivals", "arrivals")], null),
        };
        return new SimulationCharts(bands, charts.OfType<ReportChart>().ToList());
    }

    public static string Percent(double share) => $"{Num.Format(share * 100)}%";

    private static ReportChart? Chart(ChartNameBook names, string name, string title, string yLabel, IReadOnlyDictionary<string, SeriesBand> bands,
        (string Series, string Legend)[] lines, double? goal)
    {
        var drawn = lines.Where(l => bands.ContainsKey(l.Series) && bands[l.Series].Mean.Any(double.IsFinite)).ToArray();
        if (drawn.Length == 0) return null;
        return new ReportChart(names.Claim("sim", name), title, () =>
        {
            var plot = PlotKit.Create(title, "hours from start", yLabel);
            for (var i = 0; i < drawn.Length; i++)
            {
                var b = bands[drawn[i].Series];
                // Each value covers its interval; draw it at the interval's middle.
                var step = b.Times.Length > 1 ? b.Times[1] - b.Times[0] : 0;
                Lines.Band(plot, b.Times.Select(t => t + step / 2).ToArray(), b.Mean, b.Low, b.High, PlotKit.Colour(i), drawn[i].Legend);
            }
            if (goal is { } g)
            {
                var line = plot.Add.HorizontalLine(g, 1.5f, PlotKit.Better);
                line.LegendText = $"goal {Num.Format(g)}";
            }
            TimeAxis.LegendBelow(plot);
            return plot;
        });
    }
}
