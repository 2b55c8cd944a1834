namespace TwinLab.Simulation.Random.Distributions;

public abstract partial record Distribution
{
    /// <summary>Exponential with the given <paramref name="rate"/> (events per time unit; mean 1/rate).</summary>
    /// <exception cref="ArgumentOutOfRangeException">rate is not finite and &gt; 0.</exception>
    public static Distribution Exponential(double rate) => new ExponentialDistribution(rate);

    /// <summary>Normal with the given <paramref name="mean"/> and standard deviation <paramref name="sd"/> &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">mean is not finite or sd is not &gt; 0.</exception>
    public static Distribution Normal(double mean, double sd) => new NormalDistribution(mean, sd);

    /// <summary>
    /// Lognormal: exp(N(<paramref name="mu"/>, <paramref name="sigma"/>²)); mu and sigma are the mean and standard
    /// deviation of the logarithm, not of the variable (see <see cref="LogNormalFromMoments"/> for those).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">mu is not finite or sigma is not &gt; 0.</exception>
    public static Distribution LogNormal(double mu, double sigma) => new LogNormalDistribution(mu, sigma);

    /// <summary>Lognormal whose variable itself has the given <paramref name="mean"/> and standard deviation <paramref name="sd"/>.</summary>
    /// <remarks>σ² = ln(1 + sd²/mean²) and μ = ln(mean) − σ²/2 (moment matching; Law, Simulation Modeling and Analysis, §6.2.2).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">mean or sd is not &gt; 0.</exception>
    public static Distribution LogNormalFromMoments(double mean, double sd)
    {
        Require.Positive(mean, nameof(mean));
        Require.Positive(sd, nameof(sd));
        var cv = sd / mean;
        var sigma2 = Math.Log(1 + cv * cv);
        return new LogNormalDistribution(Math.Log(mean) - sigma2 / 2, Math.Sqrt(sigma2));
    }

    /// <summary>Gamma with the given <paramref name="shape"/> k and <paramref name="scale"/> θ (mean kθ).</summary>
    /// <exception cref="ArgumentOutOfRangeException">shape or scale is not &gt; 0.</exception>
    public static Distribution GammaWithScale(double shape, double scale) => new GammaDistribution(shape, scale);

    /// <summary>Gamma with the given <paramref name="shape"/> k and <paramref name="rate"/> β = 1/θ (mean k/β).</summary>
    /// <exception cref="ArgumentOutOfRangeException">shape or rate is not &gt; 0.</exception>
    public static Distribution GammaWithRate(double shape, double rate) =>
        new GammaDistribution(shape, 1 / Require.Positive(rate, nameof(rate)));

    /// <summary>Weibull with the given <paramref name="shape"/> k and <paramref name="scale"/> λ: P(X &gt; x) = exp(−(x/λ)^k).</summary>
    /// <exception cref="ArgumentOutOfRangeException">shape or scale is not &gt; 0.</exception>
    public static Distribution Weibull(double shape, double scale) => new WeibullDistribution(shape, scale);

    /// <summary>Continuous uniform on [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">min and max are not finite with min &lt; max.</exception>
    public static Distribution Uniform(double min, double max) => new UniformDistribution(min, max);

    /// <summary>Triangular on [<paramref name="min"/>, <paramref name="max"/>] peaking at <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">not min ≤ mode ≤ max with min &lt; max.</exception>
    public static Distribution Triangular(double min, double mode, double max) => new TriangularDistribution(min, mode, max);

    /// <summary>Always <paramref name="value"/> (a deterministic duration in a model that expects a distribution).</summary>
    /// <exception cref="ArgumentOutOfRangeException">value is not finite.</exception>
    public static Distribution Constant(double value) => new ConstantDistribution(value);

    /// <summary>1 with probability <paramref name="p"/>, otherwise 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is not in [0, 1].</exception>
    public static Distribution Bernoulli(double p) => new BernoulliDistribution(p);

    /// <summary>
    /// The distribution of observed <paramref name="samples"/>. Without <paramref name="interpolate"/> it resamples
    /// the observations (the CDF is the empirical CDF); with it, it draws from the piecewise-linear CDF through the
    /// order statistics, so values between observations occur too (needs at least two samples).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">no samples (or fewer than two when interpolating), or a sample is not finite.</exception>
    public static Distribution Empirical(IEnumerable<double> samples, bool interpolate = false) =>
        new EmpiricalDistribution(samples, interpolate);

    /// <summary>
    /// A discrete distribution over <paramref name="outcomes"/>: each value is drawn with probability proportional to
    /// its weight (weights need not sum to 1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">no outcomes, a value not finite, a weight negative or not finite, or all weights zero.</exception>
    public static Distribution Categorical(params IEnumerable<(double Value, double Weight)> outcomes) =>
        new CategoricalDistribution(outcomes);

    /// <summary>
    /// Reads a scenario-file distribution: <c>exponential(rate=2)</c> or <c>exponential(mean=0.5)</c>,
    /// <c>normal(mean=10, sd=2)</c>, <c>lognormal(mean=10, sd=3)</c> or <c>lognormal(mu=2, sigma=0.3)</c>,
    /// <c>gamma(shape=2, scale=3)</c> or <c>gamma(shape=2, rate=0.5)</c>, <c>weibull(shape=1.5, scale=10)</c>,
    /// <c>uniform(min=1, max=3)</c>, <c>triangular(min=1, mode=2, max=4)</c>, <c>constant(5)</c> or a bare number,
    /// <c>bernoulli(p=0.3)</c>, <c>categorical(1: 0.2, 2: 0.8)</c> (alias <c>discrete</c>).
    /// Names are case-insensitive; numbers use the invariant culture ('.' decimal point).
    /// </summary>
    /// <exception cref="FormatException">the text is malformed or a parameter is out of range; the message says what is accepted.</exception>
    public static Distribution Parse(string text) => DistributionParser.Parse(text);
}
