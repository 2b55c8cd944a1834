using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.Simulation.Tests.Random;

public class DistributionParameterTests
{
    public static TheoryData<string, Func<Distribution>> InvalidCases => new()
    {
        { "rate", () => Distribution.Exponential(0) },
        { "rate", () => Distribution.Exponential(double.PositiveInfinity) },
        { "mean", () => Distribution.Normal(double.NaN, 1) },
        { "sd", () => Distribution.Normal(0, -1) },
        { "sigma", () => Distribution.LogNormal(0, 0) },
        { "mean", () => Distribution.LogNormalFromMoments(-1, 1) },
        { "sd", () => Distribution.LogNormalFromMoments(1, 0) },
        { "shape", () => Distribution.GammaWithScale(0, 1) },
        { "scale", () => Distribution.GammaWithScale(1, -2) },
        { "rate", () => Distribution.GammaWithRate(1, double.NaN) },
        { "shape", () => Distribution.Weibull(-1, 1) },
        { "scale", () => Distribution.Weibull(1, 0) },
        { "max", () => Distribution.Uniform(2, 2) },
        { "mode", () => Distribution.Triangular(0, -1, 1) },
        { "max", () => Distribution.Triangular(1, 1, 1) },
        { "value", () => Distribution.Constant(double.NegativeInfinity) },
        { "p", () => Distribution.Bernoulli(-0.1) },
        { "samples", () => Distribution.Empirical([]) },
        { "samples", () => Distribution.Empirical([1], interpolate: true) },
        { "samples", () => Distribution.Empirical([1, double.NaN]) },
        { "outcomes", () => Distribution.Categorical() },
        { "outcomes", () => Distribution.Categorical((1, 0), (2, 0)) },
        { "outcomes", () => Distribution.Categorical((1, 1), (2, double.PositiveInfinity)) },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Factory_InvalidParameter_ThrowsArgumentOutOfRangeNamingIt(string parameter, Func<Distribution> create)
    {
        var error = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => create());

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Equality_SameFamilyAndParameters_AreEqual()
    {
        Assert.Equal(Distribution.Normal(1, 2), Distribution.Normal(1, 2));
        Assert.NotEqual(Distribution.Normal(1, 2), Distribution.Normal(2, 1));
        Assert.NotEqual<Distribution>(Distribution.Uniform(0, 1), Distribution.Triangular(0, 0.5, 1));
        Assert.Equal(Distribution.Categorical((1, 1), (2, 3)), Distribution.Categorical((2, 3), (1, 1)));
        Assert.Equal(Distribution.Empirical([1, 2]).GetHashCode(), Distribution.Empirical([2, 1]).GetHashCode());
    }
}
