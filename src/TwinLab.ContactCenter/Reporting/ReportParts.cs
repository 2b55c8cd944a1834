using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>The charts of a report, built once in report order so chart names are unique and the HTML and PNG files agree.</summary>
internal sealed class ReportParts
{
    private ReportParts(ContactCenterReportContent content)
    {
        var names = new ChartNameBook();
        Intraday = content.Calibration is { } c
            ? c.Queues.Select(q => IntradayLoadCharts.Create(q, c.Settings.Confidence, names)).ToList()
            : [];
        Staffing = content.Staffing is { } s ? StaffingCharts.Create(s, names) : [];
        Simulation = content.Simulation is { } r ? SimulationCharts.Create(r, names) : null;
    }

    public IReadOnlyList<IntradayLoadCharts> Intraday { get; }

    public IReadOnlyList<StaffingCharts> Staffing { get; }

    public SimulationCharts? Simulation { get; }

    public IReadOnlyList<ReportChart> All =>
    [
        .. Intraday.SelectMany(q => new[] { q.Load, q.Forecast }).OfType<ReportChart>(),
        .. Staffing.Select(g => g.Chart),
        .. Simulation?.Charts ?? [],
    ];

    /// <exception cref="ArgumentException">the staffing or simulation input is malformed.</exception>
    public static ReportParts Of(ContactCenterReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ReportParts(content);
    }
}
