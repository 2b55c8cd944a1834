using TwinLab.Simulation.Experiments.Sensitivity;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Reports;

/// <summary>Tornado analyses: per KPI, each parameter's low and high result, the paired effect and the swing, then the chart.</summary>
internal static class TornadoSection
{
    public static void Write(HtmlBuilder html, ExperimentRecord record)
    {
        var tornado = record.Tornado ?? [];
        if (tornado.Count == 0) return;
        html.Section("tornado", "Sensitivity: tornado");
        html.Element("p",
            "Each parameter moved alone from its low to its high value, the others at base. The effect is the paired difference " +
            "high − low across replications (shared random numbers make its interval narrow).");
        foreach (var kpi in tornado)
        {
            html.Element("h3", kpi.Kpi);
            html.Element("p", $"Base mean {Num.Format(kpi.Base.Mean)}, CI {Num.Interval(kpi.Base.CiLow, kpi.Base.CiHigh)}.", "muted");
            html.Table(
                ["Parameter", "Low value", "High value", "KPI at low", "CI at low", "KPI at high", "CI at high", "Effect high − low", "Effect CI", "Swing"],
                kpi.Bars.OrderByDescending(b => double.IsFinite(b.Swing) ? b.Swing : -1).Select(Row));
            html.Figure(ReportPlots.Tornado(record, kpi.Kpi));
        }
        html.EndSection();
    }

    private static IReadOnlyList<Cell> Row(TornadoBar b) =>
    [
        b.Parameter, Cell.Number(b.LowValue), Cell.Number(b.HighValue),
        Cell.Number(b.Low.Mean), Cell.Numeric(Num.Interval(b.Low.CiLow, b.Low.CiHigh)),
        Cell.Number(b.High.Mean), Cell.Numeric(Num.Interval(b.High.CiLow, b.High.CiHigh)),
        Cell.Number(b.Effect.Mean), Cell.Numeric(Num.Interval(b.Effect.CiLow, b.Effect.CiHigh)), Cell.Number(b.Swing),
    ];
}
