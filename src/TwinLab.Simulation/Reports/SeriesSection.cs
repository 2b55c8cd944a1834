using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Time series across replications: one chart per series, mean over the 5th–95th percentile band.</summary>
internal static class SeriesSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        var names = record.SeriesNames();
        if (names.Count == 0) return;
        html.Section("series", "Time series");
        foreach (var name in names) html.Figure(ReportPlots.TimeSeries(record, name));
        html.EndSection();
    }
}
