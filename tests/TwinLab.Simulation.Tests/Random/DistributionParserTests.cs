using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.Simulation.Tests.Random;

public class DistributionParserTests
{
    [Theory]
    [InlineData("exponential(rate=2)", "exponential(rate=2)")]
    [InlineData("exponential(mean=0.5)", "exponential(rate=2)")]
    [InlineData("  Exponential ( Rate = 2 )  ", "exponential(rate=2)")]
    [InlineData("normal(mean=10, sd=2)", "normal(mean=10, sd=2)")]
    [InlineData("normal(sd=2,mean=-1.5e1)", "normal(mean=-15, sd=2)")]
    [InlineData("lognormal(mu=1, sigma=0.5)", "lognormal(mu=1, sigma=0.5)")]
    [InlineData("gamma(shape=2, scale=3)", "gamma(shape=2, scale=3)")]
    [InlineData("gamma(shape=2, rate=0.5)", "gamma(shape=2, scale=2)")]
    [InlineData("weibull(shape=1.5, scale=10)", "weibull(shape=1.5, scale=10)")]
    [InlineData("uniform(min=1,max=3)", "uniform(min=1, max=3)")]
    [InlineData("triangular(min=1, mode=2, max=4)", "triangular(min=1, mode=2, max=4)")]
    [InlineData("constant(5)", "constant(5)")]
    [InlineData("constant(value=5)", "constant(5)")]
    [InlineData("5", "constant(5)")]
    [InlineData(" -2.5e1 ", "constant(-25)")]
    [InlineData("bernoulli(p=0.25)", "bernoulli(p=0.25)")]
    [InlineData("categorical(1: 0.2, 2: 0.8)", "categorical(1: 0.2, 2: 0.8)")]
    [InlineData("discrete(2: 1, 1: 3)", "categorical(1: 3, 2: 1)")]
    public void Parse_AcceptedForm_GivesCanonicalDistribution(string text, string expected)
    {
        Assert.Equal(expected, Distribution.Parse(text).ToString());
    }

    [Fact]
    public void Parse_LogNormalMeanAndSd_AreThoseOfTheVariable()
    {
        var distribution = Distribution.Parse("lognormal(mean=10, sd=3)");

        Assert.Equal(Distribution.LogNormalFromMoments(10, 3), distribution);
        Assert.Equal(10, distribution.Mean, 9);
        Assert.Equal(3, distribution.StandardDeviation, 9);
    }

    public static TheoryData<string> RoundTripCases =>
    [
        Distribution.Exponential(1.0 / 3).ToString(),
        Distribution.Normal(0.1, 0.2).ToString(),
        Distribution.LogNormalFromMoments(7, 2).ToString(),
        Distribution.GammaWithRate(0.7, 3).ToString(),
        Distribution.Weibull(2, 1e-3).ToString(),
        Distribution.Uniform(-1e6, 1e6).ToString(),
        Distribution.Triangular(0, 0, 1).ToString(),
        Distribution.Constant(-0.125).ToString(),
        Distribution.Bernoulli(1).ToString(),
        Distribution.Categorical((0.5, 1), (-3, 2.5)).ToString(),
    ];

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Parse_ToStringOutput_GivesEqualDistribution(string text)
    {
        var parsed = Distribution.Parse(text);

        Assert.Equal(text, parsed.ToString());
        Assert.Equal(parsed, Distribution.Parse(parsed.ToString()));
    }

    [Fact]
    public void Parse_SameParametersAsFactory_IsEqual()
    {
        Assert.Equal(Distribution.GammaWithRate(2, 0.5), Distribution.Parse("gamma(shape=2, rate=0.5)"));
        Assert.Equal(Distribution.Exponential(4), Distribution.Parse("exponential(mean=0.25)"));
        Assert.NotEqual(Distribution.Exponential(4), Distribution.Parse("exponential(rate=5)"));
    }

    [Theory]
    [InlineData("expnential(rate=2)", "unknown distribution 'expnential'; did you mean 'exponential'? Known: bernoulli, categorical, constant, discrete, exponential, gamma, lognormal, normal, triangular, uniform, weibull")]
    [InlineData("poisson(rate=2)", "unknown distribution 'poisson'. Known: bernoulli,")]
    [InlineData("gama(shape=2, scale=1)", "did you mean 'gamma'?")]
    [InlineData("gamma(shape=2)", "gamma needs shape and one of scale or rate, e.g. gamma(shape=2, scale=3)")]
    [InlineData("gamma(shape=2, scale=1, rate=1)", "gamma needs shape and one of scale or rate")]
    [InlineData("lognormal(mean=2, sigma=1)", "lognormal needs mean and sd, or mu and sigma")]
    [InlineData("exponential(rate=-1)", "rate must be > 0, got -1")]
    [InlineData("exponential(mean=0)", "mean must be > 0, got 0")]
    [InlineData("normal(mean=1, sd=0)", "sd must be > 0, got 0")]
    [InlineData("uniform(min=3, max=1)", "min must be < max, got min=3, max=1")]
    [InlineData("triangular(min=0, mode=5, max=2)", "mode must be between min and max")]
    [InlineData("bernoulli(p=1.5)", "p must be in [0, 1], got 1.5")]
    [InlineData("categorical(1: -1, 2: 1)", "weights must be finite and >= 0, got -1")]
    [InlineData("categorical(rate=2)", "categorical needs value: weight pairs")]
    [InlineData("exponential(rat=2)", "exponential has no parameter 'rat'; accepted: rate, mean")]
    [InlineData("exponential(2)", "exponential takes named parameters, e.g. exponential(rate=2); got '2'")]
    [InlineData("normal(mean=1,5, sd=2)", "normal takes named parameters")]
    [InlineData("normal(mean=abc, sd=1)", "'abc' is not a number (in 'mean=abc')")]
    [InlineData("normal(mean=1, mean=2, sd=1)", "parameter 'mean' is given twice")]
    [InlineData("normal(mean=1,, sd=1)", "empty parameter")]
    [InlineData("exponential(rate=2", "expected exponential(...) with its parameters in one pair of parentheses")]
    [InlineData("exponential", "expected exponential(...)")]
    [InlineData("exponential rate=2", "expected a number or a distribution name")]
    [InlineData("1,5", "expected a number or a distribution name")]
    [InlineData("NaN", "value must be a finite number, got NaN")]
    [InlineData("   ", "it is empty")]
    public void Parse_InvalidText_ThrowsFormatExceptionSayingWhatIsWrong(string text, string expectedFragment)
    {
        var error = Assert.Throws<FormatException>(() => Distribution.Parse(text));

        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Invalid distribution '{text.Trim()}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Distribution.Parse(null!));
    }
}
