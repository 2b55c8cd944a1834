using TwinLab.Simulation.Experiments.Sensitivity;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Sobol' analyses: per KPI, first-order and total indices with their intervals, then the chart.</summary>
internal static class SobolSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        var outputs = record.Sobol ?? [];
        if (outputs.Count == 0) return;
        html.Section("sobol", "Sensitivity: Sobol' indices");
        html.Element("p",
            "S1 is the share of the KPI's variance due to a factor alone; ST includes its interactions with the others. " +
            "ST − S1 near 0 means the factor acts alone; a factor with ST near 0 can be fixed anywhere in its range.");
        foreach (var output in outputs)
        {
            html.Element("h3", output.Name);
            html.Element("p", $"Mean {Num.Format(output.Mean)}, variance {Num.Format(output.Variance)}.", "muted");
            html.Table(["Factor", "S1", "S1 interval", "ST", "ST interval", "ST − S1"], output.Indices.Select(Row));
            html.Figure(ReportPlots.Sobol(record, output.Name));
        }
        html.EndSection();
    }

    private static IReadOnlyList<Cell> Row(SobolIndex i) =>
    [
        i.Factor, Cell.Number(i.First), Cell.Numeric(Num.Interval(i.FirstLow, i.FirstHigh)),
        Cell.Number(i.Total), Cell.Numeric(Num.Interval(i.TotalLow, i.TotalHigh)), Cell.Number(i.Total - i.First),
    ];
}
