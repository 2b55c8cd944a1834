using TwinLab.Health.Ingest.Fhir;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Tests.Ingest.Fhir;

public sealed class RegimenTimelineTests
{
    private static readonly Drug Lisinopril = DrugCatalogue.Default.Find("lisinopril")!;
    private static readonly Drug Amlodipine = DrugCatalogue.Default.Find("amlodipine")!;
    private static DateOnly D(int month, int day) => new(2024, month, day);

    [Fact]
    public void Build_ShortHigherDoseInsideLongerUse_EarlierDoseResumes()
    {
        var periods = RegimenTimeline.Build(
        [
            new MedicationUse(Lisinopril, 10, D(1, 1), null, "a", 0),
            new MedicationUse(Lisinopril, 20, D(2, 1), D(3, 1), "b", 1),
        ]);
        Assert.Equal(["lisinopril 10mg", "lisinopril 20mg", "lisinopril 10mg"], periods.Select(p => p.Regimen.ToString()).ToArray());
        Assert.Equal([D(1, 1), D(2, 1), D(3, 1)], periods.Select(p => p.Start).ToArray());
        Assert.Null(periods[^1].End);
    }

    [Fact]
    public void Build_OverlappingSameDose_MergesAndGapIsNoTreatment()
    {
        var periods = RegimenTimeline.Build(
        [
            new MedicationUse(Amlodipine, 5, D(1, 1), D(3, 1), "a", 0),
            new MedicationUse(Amlodipine, 5, D(2, 1), D(4, 1), "b", 1),
            new MedicationUse(Lisinopril, 10, D(5, 1), D(6, 1), "c", 2),
        ]);
        Assert.Equal(["amlodipine 5mg", "none", "lisinopril 10mg", "none"], periods.Select(p => p.Regimen.ToString()).ToArray());
        Assert.Equal((D(1, 1), (DateOnly?)D(4, 1)), (periods[0].Start, periods[0].End));
        Assert.Equal("a; b", periods[0].Source);
        Assert.Equal((D(6, 1), (DateOnly?)null), (periods[^1].Start, periods[^1].End));
    }

    [Fact]
    public void Build_NoUses_IsEmpty() => Assert.Empty(RegimenTimeline.Build([]));
}
