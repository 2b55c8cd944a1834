using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;

namespace TwinLab.Health.Reporting;

/// <summary>
/// What a <see cref="HealthReport"/> shows about one person. The patient is required; every other part is optional and
/// has its section only when given.
/// </summary>
public sealed record HealthReportContent
{
    /// <summary>The report's title.</summary>
    public string Title { get; init; } = "Hypertension twin report";

    /// <summary>When or from what the report was made, shown as given (the report reads no clock).</summary>
    public string? Generated { get; init; }

    /// <summary>The person: summary, medication history and readings.</summary>
    public required PatientProfile Patient { get; init; }

    /// <summary>Remarks shown near the top.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The calibrated twin: class sensitivities with intervals, untreated BP, warnings.</summary>
    public CalibrationResult? Calibration { get; init; }

    /// <summary>BP trajectories to draw (median and 80% band each), e.g. the top regimens and the current one; at most
    /// <see cref="HealthReport.MaxTrajectories"/> are drawn.</summary>
    public IReadOnlyList<ReportTrajectory> Trajectories { get; init; } = [];

    /// <summary>A single regimen's prediction with its safety findings and side effects (from <c>health predict</c>).</summary>
    public PredictionDetail? Prediction { get; init; }

    /// <summary>The recommendation: ranking with reasons, excluded regimens, step-down options, the current regimen.</summary>
    public Recommendation.Recommendation? Recommendation { get; init; }
}
