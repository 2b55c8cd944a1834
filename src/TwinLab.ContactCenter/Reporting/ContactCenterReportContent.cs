using TwinLab.ContactCenter.Calibration;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>
/// What a <see cref="ContactCenterReport"/> shows. Every part is optional: the report has a section for each part
/// given (calibration: summary, warnings and intraday load; staffing; simulation KPIs) and none for the others.
/// </summary>
public sealed record ContactCenterReportContent
{
    /// <summary>The report's title.</summary>
    public string Title { get; init; } = "Contact-centre report";

    /// <summary>When or from what the report was made, shown in the header as given (the report writes no clock time of its own).</summary>
    public string? Generated { get; init; }

    /// <summary>Remarks shown near the top (escaped text).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The calibration: intraday load per queue × channel (with the forecast), the per-queue summary and its warnings.</summary>
    public CalibrationReport? Calibration { get; init; }

    /// <summary>Required versus scheduled agents per interval.</summary>
    public StaffingComparison? Staffing { get; init; }

    /// <summary>Replications of a simulated scenario: service level per interval and the KPI table.</summary>
    public SimulationRuns? Simulation { get; init; }
}
