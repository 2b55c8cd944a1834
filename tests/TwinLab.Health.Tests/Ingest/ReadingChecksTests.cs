using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Tests.Ingest;

public sealed class ReadingChecksTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static CandidateReading At(int row, double sys, double dia, double? pulse, DateTimeOffset? time = null, string file = "r.csv") =>
        new(new BpReading(time ?? new DateTimeOffset(2026, 11, 1, 7, row, 0, TimeSpan.Zero), sys, dia, pulse, ReadingSetting.Home, $"{file}:{row}"), file, $"row {row}");

    [Theory]
    [InlineData(400, 90, 70, RejectionReason.SystolicOutOfRange, "systolic 400 mmHg is outside the plausible 60–280")]
    [InlineData(55, 40, 70, RejectionReason.SystolicOutOfRange, "systolic 55")]
    [InlineData(150, 170, 70, RejectionReason.DiastolicOutOfRange, "diastolic 170 mmHg")]
    [InlineData(120, 25, 70, RejectionReason.DiastolicOutOfRange, "diastolic 25 mmHg")]
    [InlineData(140, 90, 300, RejectionReason.PulseOutOfRange, "pulse 300/min")]
    [InlineData(140, 90, 20, RejectionReason.PulseOutOfRange, "pulse 20/min")]
    [InlineData(88, 140, 70, RejectionReason.DiastolicNotBelowSystolic, "diastolic 140 is not below systolic 88")]
    [InlineData(90, 90, 70, RejectionReason.DiastolicNotBelowSystolic, "not below")]
    [InlineData(95, 88, 70, RejectionReason.NarrowPulsePressure, "pulse pressure 7 mmHg")]
    public void Check_ImplausibleReading_ExcludedWithReasonAndRow(double sys, double dia, double pulse, RejectionReason reason, string text)
    {
        var problems = new List<ImportProblem>();
        var rejected = new Dictionary<RejectionReason, int>();

        var accepted = ReadingChecks.Check([At(2, 140, 90, 70), At(3, sys, dia, pulse)], Now, problems, rejected);

        Assert.Single(accepted);
        var problem = Assert.Single(problems);
        Assert.Equal(("r.csv", "row 3", true), (problem.File, problem.Location, problem.Excluded));
        Assert.Contains(text, problem.Problem, StringComparison.Ordinal);
        Assert.Equal(1, rejected[reason]);
    }

    [Fact]
    public void Check_ReadingAfterNow_Excluded()
    {
        var problems = new List<ImportProblem>();
        var rejected = new Dictionary<RejectionReason, int>();

        var accepted = ReadingChecks.Check([At(2, 140, 90, 70, Now.AddMinutes(1)), At(3, 140, 90, 70, Now)], Now, problems, rejected);

        Assert.Single(accepted);
        Assert.Equal("row 2", Assert.Single(problems).Location);
        Assert.Contains("after now", problems[0].Problem, StringComparison.Ordinal);
        Assert.Equal(1, rejected[RejectionReason.InFuture]);
    }

    [Fact]
    public void Check_SameTimeAndValuesTwice_KeepsTheFirst()
    {
        var t = new DateTimeOffset(2026, 11, 1, 7, 30, 0, TimeSpan.Zero);
        var problems = new List<ImportProblem>();
        var rejected = new Dictionary<RejectionReason, int>();

        var accepted = ReadingChecks.Check(
            [At(2, 140, 90, 70, t), At(3, 141, 90, 70, t), At(9, 140, 90, 70, t.ToOffset(TimeSpan.FromHours(1)), "b.csv")], Now, problems, rejected);

        Assert.Equal(2, accepted.Count);
        var problem = Assert.Single(problems);
        Assert.Equal(("b.csv", "row 9"), (problem.File, problem.Location));
        Assert.Contains("duplicate of r.csv: row 2", problem.Problem, StringComparison.Ordinal);
        Assert.Equal(1, rejected[RejectionReason.Duplicate]);
    }
}
