using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Reporting;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.ContactCenter.Tests.Synthetic;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Tests.Reporting;

/// <summary>
/// The shipped example month calibrated once, a short simulation of the calibrated centre (one Monday, three
/// replications) and a staffing comparison from the roster, shared by the report tests.
/// </summary>
internal static class ReportFixture
{
    private static readonly Lazy<CalibrationReport> Calibrated = new(() =>
        CenterCalibration.Calibrate(SyntheticFixture.Month.Interactions, SyntheticContactCentre.Roster()));

    private static readonly Lazy<ContactCenterResult[]> Simulated = new(() =>
    {
        var scenario = new ContactCenterSimulator(Calibration.Model).Prepare(("days", 1.0));
        return Enumerable.Range(0, 3).Select(r => scenario.Simulate(RandomStream.For(11, 0, r))).ToArray();
    });

    public static CalibrationReport Calibration => Calibrated.Value;

    public static IReadOnlyList<ContactCenterResult> Replications => Simulated.Value;

    public static int IntervalMinutes => Calibration.Settings.IntervalMinutes;

    /// <summary>Required agents: a flat 10 from 08:00 to 20:00 on weekdays (a stand-in for the staffing optimiser's output).</summary>
    public static StaffingSeries Required()
    {
        var perDay = 24 * 60 / IntervalMinutes;
        var values = new double[7 * perDay];
        for (var d = 0; d < 5; d++)
            for (var i = 8 * 60 / IntervalMinutes; i < 20 * 60 / IntervalMinutes; i++) values[d * perDay + i] = 10;
        return new StaffingSeries("required (80/20)", values);
    }

    public static ContactCenterReportContent Full() => new()
    {
        Title = "March 2025",
        Calibration = Calibration,
        Staffing = new StaffingComparison(IntervalMinutes, [Required()], [StaffingSeries.Rostered(SyntheticContactCentre.Roster(), IntervalMinutes)]),
        Simulation = new SimulationRuns("baseline", Replications) { ServiceLevelGoal = 0.8 },
    };
}
