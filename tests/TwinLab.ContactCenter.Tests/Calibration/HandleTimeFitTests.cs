using MathNet.Numerics;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Calibration;

public class HandleTimeFitTests
{
    private static double[] Sample(Distribution d, int n, ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        return Enumerable.Range(0, n).Select(_ => d.Sample(random)).ToArray();
    }

    [Fact]
    public void Fit_LognormalSample_ChoosesLognormalAndRecoversParameters()
    {
        const double mu = 5.5, sigma = 0.6;
        const int n = 3000;

        var fit = HandleTimeFit.Fit("Billing", Channel.Phone, Sample(Distribution.LogNormal(mu, sigma), n, 31));

        Assert.Equal(DurationFamily.LogNormal, fit.Family);
        // Invert the lognormal moments to get μ̂ and σ̂ back from the public distribution.
        var d = fit.Distribution;
        var sigmaHat = Math.Sqrt(Math.Log(1 + d.Variance / (d.Mean * d.Mean)));
        var muHat = Math.Log(d.Mean) - sigmaHat * sigmaHat / 2;
        Assert.Equal(mu, muHat, 3 * sigma / Math.Sqrt(n));
        Assert.Equal(sigma, sigmaHat, 3 * sigma / Math.Sqrt(2 * n));
        Assert.True(fit.Candidates[0].KolmogorovSmirnov < 0.025);
        Assert.Equal(4, fit.Candidates.Count);
    }

    [Fact]
    public void Fit_GammaSample_ChoosesGammaAndRecoversShape()
    {
        var fit = HandleTimeFit.Fit("Sales", Channel.Chat, Sample(Distribution.GammaWithScale(2.5, 100), 3000, 32));

        Assert.Equal(DurationFamily.Gamma, fit.Family);
        var shape = fit.Distribution.Mean * fit.Distribution.Mean / fit.Distribution.Variance;
        Assert.Equal(2.5, shape, 0.2);
        Assert.Equal(250, fit.Distribution.Mean, 8.0);
    }

    [Fact]
    public void Fit_WeibullSample_ChoosesWeibull()
    {
        var fit = HandleTimeFit.Fit("Sales", Channel.Phone, Sample(Distribution.Weibull(1.5, 300), 3000, 33));

        Assert.Equal(DurationFamily.Weibull, fit.Family);
        Assert.Equal(300 * SpecialFunctions.Gamma(1 + 1 / 1.5), fit.Distribution.Mean, 10.0);
    }

    [Fact]
    public void Fit_NonPositiveValues_AreIgnored()
    {
        var fit = HandleTimeFit.Fit("Billing", Channel.Phone, [0, -5, 100, 200, 300, 150]);

        Assert.Equal(4, fit.Count);
        Assert.Equal(187.5, fit.ObservedMean, 1e-9);
    }

    [Fact]
    public void Fit_OneDistinctValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => HandleTimeFit.Fit("Billing", Channel.Phone, [120, 120, 120]));
    }

    [Fact]
    public void Gamma_KnownSample_SolvesTheScoreEquation()
    {
        double[] x = [1.2, 3.4, 0.7, 2.2, 5.1, 1.9, 2.8];
        var s = Math.Log(x.Average()) - x.Average(Math.Log);

        var (shape, scale) = MaximumLikelihood.Gamma(x);

        Assert.Equal(s, Math.Log(shape) - SpecialFunctions.DiGamma(shape), 1e-10);
        Assert.Equal(x.Average(), shape * scale, 1e-10);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(7.5)]
    public void Trigamma_AnyArgument_MatchesDerivativeOfDigamma(double x)
    {
        const double h = 1e-5;
        var numeric = (SpecialFunctions.DiGamma(x + h) - SpecialFunctions.DiGamma(x - h)) / (2 * h);

        Assert.Equal(numeric, MaximumLikelihood.Trigamma(x), 1e-5 * numeric);
    }
}
