using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Tests.Synthetic;

namespace TwinLab.ContactCenter.Tests.Twin;

/// <summary>The shipped example month read and calibrated once for the persistence tests.</summary>
internal static class ExampleCalibration
{
    private static readonly Lazy<(ImportResult Log, CalibrationReport Report)> Loaded = new(() =>
    {
        var folder = Path.Combine(SyntheticFixture.RepositoryRoot(), "examples", "contact-center");
        var log = InteractionLog.Read(Path.Combine(folder, "interactions.csv"));
        var roster = RosterFile.Read(Path.Combine(folder, "roster.yaml"));
        return (log, CenterCalibration.Calibrate(log.Interactions, roster));
    });

    public static ImportResult Log => Loaded.Value.Log;

    public static CalibrationReport Report => Loaded.Value.Report;
}
