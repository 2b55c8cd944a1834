using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Calibration;

public class PatienceEstimateTests
{
    /// <summary>Waits censored by an exponential offered wait: abandon when patience runs out first.</summary>
    private static (double, bool)[] Waits(Distribution patience, double meanOfferedWait, int n, RandomStream random)
    {
        var offered = Distribution.Exponential(1 / meanOfferedWait);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double p = patience.Sample(random), w = offered.Sample(random);
            return p < w ? (p, true) : (w, false);
        }).ToArray();
    }

    [Fact]
    public void KaplanMeier_SmallExample_MatchesHandComputation()
    {
        // Events at 1, 3, 3, 5; censored at 2, 3, 6. The censored 3 is still at risk at t = 3.
        (double, bool)[] data = [(1, true), (2, false), (3, true), (3, true), (3, false), (5, true), (6, false)];

        var curve = KaplanMeier.Estimate(data);

        Assert.Equal([1.0, 3.0, 5.0], curve.Select(p => p.Time));
        Assert.Equal([7, 5, 2], curve.Select(p => p.AtRisk));
        Assert.Equal(6.0 / 7, curve[0].Survival, 1e-12);
        Assert.Equal(18.0 / 35, curve[1].Survival, 1e-12);
        Assert.Equal(9.0 / 35, curve[2].Survival, 1e-12);
        var greenwood = 1.0 / (7 * 6) + 2.0 / (5 * 3) + 1.0 / (2 * 1);
        Assert.Equal(9.0 / 35 * Math.Sqrt(greenwood), curve[2].StandardError, 1e-12);
        Assert.Equal(5, KaplanMeier.Median(curve));
    }

    [Fact]
    public void Estimate_CensoredExponentialPatience_MleUnbiasedWhileNaiveMeanIsNot()
    {
        // 40 logs of 1000 contacts; patience mean 120 s, offered wait mean 60 s. Abandoned waits average
        // E[min(P, W)] = 40 s: the naive estimate is a third of the truth; the censored MLE should be on it.
        var random = RandomStream.FromSeed(41);
        var patience = Distribution.Exponential(1.0 / 120);
        var estimates = Enumerable.Range(0, 40)
            .Select(_ => PatienceEstimate.Estimate("Billing", Channel.Phone, Waits(patience, 60, 1000, random)))
            .ToList();

        var mle = estimates.Average(e => e.Exponential!.MeanSeconds);
        var naive = estimates.Average(e => e.NaiveMeanSeconds!.Value);
        Assert.Equal(120, mle, 120 * 0.03);
        Assert.Equal(40, naive, 40 * 0.05);
        var covered = estimates.Count(e => e.Exponential!.Lower <= 120 && 120 <= e.Exponential.Upper);
        Assert.InRange(covered, 34, 40);
    }

    [Fact]
    public void Estimate_ExponentialPatience_WeibullShapeNearOneAndKaplanMeierAgrees()
    {
        var estimate = PatienceEstimate.Estimate("Billing", Channel.Phone,
            Waits(Distribution.Exponential(1.0 / 120), 60, 5000, RandomStream.FromSeed(42)));

        Assert.Equal(1, estimate.Weibull!.Shape, 0.1);
        Assert.Equal(120, estimate.Distribution!.Mean, 120 * 0.1);
        Assert.True(estimate.KaplanMeierDistance < 0.03);
    }

    [Fact]
    public void Estimate_WeibullPatience_ChoosesWeibullAndRecoversShape()
    {
        var estimate = PatienceEstimate.Estimate("Billing", Channel.Phone,
            Waits(Distribution.Weibull(0.6, 200), 100, 5000, RandomStream.FromSeed(43)));

        Assert.StartsWith("weibull", estimate.Distribution!.ToString());
        Assert.Equal(0.6, estimate.Weibull!.Shape, 0.06);
        Assert.Equal(200, estimate.Weibull.ScaleSeconds, 40.0);
    }

    [Fact]
    public void Estimate_NoAbandonments_NoDistributionAndANote()
    {
        var estimate = PatienceEstimate.Estimate("Sales", Channel.Chat, [(10.0, false), (30.0, false)]);

        Assert.Null(estimate.Distribution);
        Assert.Null(estimate.Exponential);
        Assert.Contains("no abandonments", estimate.Note);
    }

    [Fact]
    public void Estimate_Email_NoDistributionEvenWithAbandonments()
    {
        var estimate = PatienceEstimate.Estimate("Support", Channel.Email, [(3600.0, true), (600.0, false)]);

        Assert.Null(estimate.Distribution);
        Assert.NotNull(estimate.Exponential);
        Assert.Contains("email", estimate.Note);
    }

    [Fact]
    public void Estimate_FewAbandonments_ExponentialOnly()
    {
        var estimate = PatienceEstimate.Estimate("Billing", Channel.Phone, [(10.0, true), (20.0, false), (40.0, true), (5.0, false)], minimumForWeibull: 30);

        Assert.Null(estimate.Weibull);
        // θ̂ = 2 abandonments / 75 s waited.
        Assert.Equal(37.5, estimate.Exponential!.MeanSeconds, 1e-9);
    }
}
