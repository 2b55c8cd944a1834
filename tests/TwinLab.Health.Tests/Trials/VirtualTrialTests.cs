using TwinLab.Core.Errors;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Trials;
using Xunit.Abstractions;

namespace TwinLab.Health.Tests.Trials;

public sealed class VirtualTrialTests(ITestOutputHelper output)
{
    // One representative drug per class (Law 2003 pooled the drugs of each class).
    private static readonly string[] Representatives = ["hydrochlorothiazide", "atenolol", "lisinopril", "losartan", "amlodipine"];

    private static Regimen One(string drug, DoseLevel level) => Regimen.Parse($"{drug} {level.ToString().ToLowerInvariant()}");

    [Fact]
    public void Run_EachClassAtHalfStandardAndDoubleDose_ReproducesLaw2003WithinOneMmHg()
    {
        // Law MR, Wald NJ, Morris JK, Jordan RE, BMJ 2003;326:1427: placebo-adjusted clinic reductions at pretreatment 154/97.
        // 10,000 people per arm: the standard error of a placebo-adjusted reduction is about 0.17/0.11 mmHg.
        var arms = new List<Regimen> { Regimen.None };
        foreach (var drug in Representatives)
            foreach (var level in Enum.GetValues<DoseLevel>()) arms.Add(One(drug, level));

        var result = VirtualTrial.Run(arms, 10_000, weeks: 8, seed: 2003);
        output.WriteLine(result.ToTable());

        Assert.Equal(0, result.PlaceboArm);
        var rows = result.Arms.Skip(1).ToArray();
        Assert.Equal(15, rows.Length);
        Assert.All(rows, arm =>
        {
            var published = arm.Published ?? throw new InvalidOperationException($"{arm.Label}: no published value");
            Assert.InRange(arm.SystolicReduction!.Value.Mean, published.Systolic - 1.0, published.Systolic + 1.0);
            Assert.InRange(arm.DiastolicReduction!.Value.Mean, published.Diastolic - 1.0, published.Diastolic + 1.0);
        });
        // The baseline matches the trials' pretreatment BP.
        Assert.InRange(result.Arms.Average(a => a.BaselineMean.Systolic), 153.5, 154.5);
        Assert.InRange(result.Arms.Average(a => a.BaselineMean.Diastolic), 96.7, 97.3);
    }

    [Fact]
    public void Run_ThreeDrugsAtHalfDoseFrom150Over90_LowerAbout20Over11()
    {
        // Law 2003: three drugs at half standard dose from 150/90 mmHg lower BP by about 20/11 mmHg.
        var options = new VirtualTrialOptions { Population = VirtualPopulation.Law2003Trials.At(new BpChange(150, 90)) };
        var triple = Regimen.Parse("hydrochlorothiazide half + losartan half + amlodipine half");

        var result = VirtualTrial.Run([Regimen.None, triple], 10_000, seed: 150, options: options);
        var reduction = result.Arm(triple).Reduction!.Value;
        output.WriteLine(result.ToTable());

        Assert.InRange(reduction.Systolic, 20 - 2, 20 + 2);
        Assert.InRange(reduction.Diastolic, 11 - 2, 11 + 2);
    }

    [Fact]
    public void Run_TwoClassesAtHalfDose_AddUp()
    {
        // Law 2003: the effects of drugs of different classes are additive.
        var options = new VirtualTrialOptions { Population = VirtualPopulation.Law2003Trials.At(new BpChange(150, 90)) };
        var thiazide = Regimen.Parse("hydrochlorothiazide half");
        var ccb = Regimen.Parse("amlodipine half");
        var both = Regimen.Parse("hydrochlorothiazide half + amlodipine half");

        var result = VirtualTrial.Run([Regimen.None, thiazide, ccb, both], 20_000, seed: 7, options: options);
        var sum = result.Arm(thiazide).Reduction!.Value + result.Arm(ccb).Reduction!.Value;
        var combined = result.Arm(both).Reduction!.Value;

        Assert.InRange(combined.Systolic, sum.Systolic - 1.0, sum.Systolic + 1.0);
        Assert.InRange(combined.Diastolic, sum.Diastolic - 0.7, sum.Diastolic + 0.7);
    }

    [Fact]
    public void Run_SameSeedAtOneAndFourThreads_SameArms()
    {
        Regimen[] arms = [Regimen.None, Regimen.Parse("amlodipine 5mg"), Regimen.Parse("lisinopril 10mg + indapamide 2.5mg")];

        var one = VirtualTrial.Run(arms, 3_000, seed: 99, options: new VirtualTrialOptions { MaxThreads = 1 });
        var four = VirtualTrial.Run(arms, 3_000, seed: 99, options: new VirtualTrialOptions { MaxThreads = 4 });
        var again = VirtualTrial.Run(arms, 3_000, seed: 99, options: new VirtualTrialOptions { MaxThreads = 4 });

        Assert.Equal(one.Arms, four.Arms);
        Assert.Equal(four.Arms, again.Arms);
    }

    [Fact]
    public void Run_OtherSeed_OtherNumbers()
    {
        Regimen[] arms = [Regimen.None, Regimen.Parse("amlodipine 5mg")];

        var a = VirtualTrial.Run(arms, 500, seed: 1);
        var b = VirtualTrial.Run(arms, 500, seed: 2);

        Assert.NotEqual(a.Arms[1].SystolicChange.Mean, b.Arms[1].SystolicChange.Mean);
    }

    [Fact]
    public void Run_PlaceboResponse_MovesEveryArmAlikeAndPlaceboAdjustmentRemovesIt()
    {
        Regimen[] arms = [Regimen.None, Regimen.Parse("candesartan 8mg"), Regimen.Parse("bisoprolol 10mg")];
        var without = VirtualTrial.Run(arms, 4_000, seed: 5, options: new VirtualTrialOptions { PlaceboResponse = BpChange.Zero });
        var with = VirtualTrial.Run(arms, 4_000, seed: 5);

        // Placebo arm: its mean change is the placebo response (Patel 2015: −5.9 mmHg systolic), within sampling error.
        Assert.InRange(with.Arms[0].SystolicChange.Mean, -5.9 - 0.5, -5.9 + 0.5);
        Assert.True(with.Arms[0].SystolicChange.Covers(-5.9));
        for (var a = 0; a < arms.Length; a++)
        {
            // The same people and noise, so every arm's change moves by exactly the placebo response...
            Assert.Equal(without.Arms[a].SystolicChange.Mean - 5.9, with.Arms[a].SystolicChange.Mean, 9);
            Assert.Equal(without.Arms[a].DiastolicChange.Mean - 3.0, with.Arms[a].DiastolicChange.Mean, 9);
        }
        for (var a = 1; a < arms.Length; a++)
        {
            // ...and the placebo-adjusted reductions do not move at all.
            Assert.Equal(without.Arms[a].SystolicReduction!.Value.Mean, with.Arms[a].SystolicReduction!.Value.Mean, 9);
            Assert.Equal(without.Arms[a].DiastolicReduction!.Value.Mean, with.Arms[a].DiastolicReduction!.Value.Mean, 9);
        }
    }

    [Fact]
    public void Run_ConfidenceIntervals_CoverTheTruthAboutNineteenTimesInTwenty()
    {
        // 40 small trials of amlodipine 5mg against placebo: the 95% Welch interval should miss Law's 8.8 only a few times
        // (the model's mean effect at 8 weeks is Law's value × build-up ≈ 0.9999).
        var misses = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var result = VirtualTrial.Run([Regimen.None, Regimen.Parse("amlodipine 5mg")], 300, seed: seed);
            if (!result.Arms[1].SystolicReduction!.Value.Covers(8.8)) misses++;
        }
        Assert.InRange(misses, 0, 6);
    }

    [Fact]
    public void Run_NoPlaceboArm_HasNoPlaceboAdjustedResults()
    {
        var result = VirtualTrial.Run([Regimen.Parse("amlodipine 5mg"), Regimen.Parse("losartan 50mg")], 200);

        Assert.Null(result.PlaceboArm);
        Assert.All(result.Arms, a => Assert.Null(a.SystolicReduction));
        Assert.All(result.Arms, a => Assert.True(a.SystolicChange.Mean < -5));
    }

    [Theory]
    [InlineData(0, 100, 8, "at least one arm")]
    [InlineData(2, 1, 8, "at least 2 people")]
    [InlineData(2, 100, 0, "weeks must be 1 to 520")]
    public void Run_BadDesign_ThrowsSayingWhy(int armCount, int perArm, int weeks, string problem)
    {
        var arms = Enumerable.Repeat(Regimen.None, armCount).ToArray();
        var error = Assert.Throws<TwinLabException>(() => VirtualTrial.Run(arms, perArm, weeks));
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("amlodipine 10mg", 11.7, 7.9)]
    [InlineData("losartan 25mg", 7.8, 4.5)]
    [InlineData("atenolol 50mg", 9.2, 6.7)]
    public void PublishedReduction_OneDrugAtLawDose_IsTheTableRow(string regimen, double sys, double dia)
    {
        Assert.Equal(new BpChange(sys, dia), VirtualTrial.PublishedReduction(Regimen.Parse(regimen)));
    }

    [Theory]
    [InlineData("amlodipine 7.5mg")]
    [InlineData("amlodipine 5mg + lisinopril 10mg")]
    [InlineData("none")]
    public void PublishedReduction_OtherRegimens_IsNull(string regimen)
    {
        Assert.Null(VirtualTrial.PublishedReduction(Regimen.Parse(regimen)));
    }
}
