using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>The calibrated centre with the evidence for it: per-queue fits, the satisfaction model, the
/// fitted-versus-observed interval table and what the data could not support.</summary>
/// <param name="Model">The calibrated centre (for the simulator and scenarios).</param>
/// <param name="FirstDay">First day of the log's window.</param>
/// <param name="LastDay">Last day of the log's window.</param>
/// <param name="Rows">Rows calibrated from.</param>
/// <param name="Queues">Per queue × channel estimates and goodness of fit.</param>
/// <param name="Satisfaction">The satisfaction model; null when too few rows were surveyed.</param>
/// <param name="Intervals">Fitted versus observed counts per queue, weekday and interval.</param>
/// <param name="Warnings">What the data could not support.</param>
/// <param name="Settings">The settings used.</param>
public sealed record CalibrationReport(
    CenterModel Model, DateOnly FirstDay, DateOnly LastDay, int Rows, IReadOnlyList<QueueCalibration> Queues,
    SatisfactionModel? Satisfaction, IReadOnlyList<IntervalFit> Intervals, IReadOnlyList<CalibrationWarning> Warnings, CalibrationSettings Settings)
{
    /// <summary>The report as Markdown: warnings, per-queue fits, satisfaction, then the interval table (cells with arrivals).</summary>
    public string ToMarkdown() => CalibrationReportWriter.Write(this);
}
