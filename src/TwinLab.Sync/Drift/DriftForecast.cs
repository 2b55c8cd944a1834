using MathNet.Numerics.Distributions;

namespace TwinLab.Sync.Drift;

/// <summary>
/// What a twin predicts for one reading: a point estimate and a prediction interval at <see cref="Level"/>, and the
/// transform of an observed value into a standardised residual (standard normal while the twin fits).
/// </summary>
/// <remarks>Two shapes ship: <see cref="NormalForecast"/> for measurements and <see cref="CountForecast"/> for counts
/// (Poisson or over-dispersed).</remarks>
public abstract record DriftForecast
{
    /// <summary>The point estimate (the predictive mean).</summary>
    public abstract double Expected { get; }

    /// <summary>The interval's lower end.</summary>
    public abstract double Lower { get; }

    /// <summary>The interval's upper end.</summary>
    public abstract double Upper { get; }

    /// <summary>The interval's coverage probability (0.95 by default).</summary>
    public abstract double Level { get; }

    /// <summary>
    /// What the forecast rests on (a calibration's time, the rates' last update), or <c>null</c>. When it changes between
    /// two readings of a series the twin was re-fitted elsewhere, and the monitor starts the series' statistic afresh.
    /// </summary>
    public string? Basis { get; init; }

    /// <summary>Whether <paramref name="value"/> lies inside the prediction interval.</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>
    /// The standardised residual of <paramref name="value"/>: Φ⁻¹ of its predictive probability, so it is standard normal
    /// while the forecast is right. <paramref name="uniform"/> (in (0, 1)) randomises within a discrete value's
    /// probability mass (ignored by continuous forecasts).
    /// </summary>
    public abstract double Standardize(double value, double uniform);

    /// <summary>The standard normal quantile of a probability, kept away from 0 and 1 so it stays finite.</summary>
    protected static double Probit(double p) => Normal.InvCDF(0, 1, Math.Clamp(p, 1e-12, 1 - 1e-12));

    /// <summary>The two-sided standard normal quantile of a level (1.96 for 0.95).</summary>
    protected static double TwoSided(double level) => Normal.InvCDF(0, 1, 1 - (1 - level) / 2);

    /// <summary>Checks a level.</summary>
    protected static double CheckLevel(double level) =>
        level is > 0 and < 1 ? level : throw new ArgumentOutOfRangeException(nameof(level), level, "The level must lie strictly between 0 and 1.");
}

/// <summary>A normal predictive distribution: a measurement expected about <see cref="Mean"/> with SD <see cref="Sd"/>.</summary>
public sealed record NormalForecast : DriftForecast
{
    /// <summary>Creates the forecast.</summary>
    /// <param name="mean">The predictive mean.</param>
    /// <param name="sd">The predictive SD (positive).</param>
    /// <param name="level">The interval's level.</param>
    /// <exception cref="ArgumentOutOfRangeException">The SD is not positive and finite, or the level not in (0, 1).</exception>
    public NormalForecast(double mean, double sd, double level = 0.95)
    {
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        if (!(sd > 0) || !double.IsFinite(sd)) throw new ArgumentOutOfRangeException(nameof(sd), sd, "The SD must be positive and finite.");
        Mean = mean;
        Sd = sd;
        Level = CheckLevel(level);
        var z = TwoSided(level);
        Lower = mean - z * sd;
        Upper = mean + z * sd;
    }

    /// <summary>The predictive mean.</summary>
    public double Mean { get; }

    /// <summary>The predictive SD.</summary>
    public double Sd { get; }

    /// <inheritdoc />
    public override double Expected => Mean;

    /// <inheritdoc />
    public override double Lower { get; }

    /// <inheritdoc />
    public override double Upper { get; }

    /// <inheritdoc />
    public override double Level { get; }

    /// <inheritdoc />
    public override double Standardize(double value, double uniform) => (value - Mean) / Sd;
}

/// <summary>
/// A count predictive distribution with mean <see cref="Mean"/>: Poisson when <see cref="Dispersion"/> is 1, else
/// negative binomial with variance <see cref="Dispersion"/> × mean (days whose rate itself varies, as call-centre
/// arrivals often do; Brown et al., JASA 2005).
/// </summary>
/// <remarks>
/// A count's residual is the randomised quantile residual of Dunn &amp; Smyth (J. Comput. Graph. Stat. 5:236, 1996):
/// Φ⁻¹(F(x−1) + u·P(x)) with u uniform, which is exactly standard normal under the model however small the mean, so the
/// CUSUM's false-alarm rate holds for quiet intervals too. The monitor draws u from a hash of the reading, so evaluating
/// the same reading twice gives the same residual.
/// </remarks>
public sealed record CountForecast : DriftForecast
{
    /// <summary>Creates the forecast.</summary>
    /// <param name="mean">The expected count (zero or more).</param>
    /// <param name="dispersion">Variance over mean: 1 for Poisson, more for over-dispersed counts.</param>
    /// <param name="level">The interval's level (the interval is the central one of the discrete distribution, so it covers at least this much).</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite mean, a dispersion below 1, or a level not in (0, 1).</exception>
    public CountForecast(double mean, double dispersion = 1, double level = 0.95)
    {
        if (!(mean >= 0) || !double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "The expected count must be zero or more.");
        if (!(dispersion >= 1) || !double.IsFinite(dispersion)) throw new ArgumentOutOfRangeException(nameof(dispersion), dispersion, "The dispersion (variance over mean) must be at least 1.");
        Mean = mean;
        Dispersion = dispersion;
        Level = CheckLevel(level);
        Lower = Quantile((1 - level) / 2);
        Upper = Quantile(1 - (1 - level) / 2);
    }

    /// <summary>The expected count.</summary>
    public double Mean { get; }

    /// <summary>Variance over mean (1 = Poisson).</summary>
    public double Dispersion { get; }

    /// <inheritdoc />
    public override double Expected => Mean;

    /// <inheritdoc />
    public override double Lower { get; }

    /// <inheritdoc />
    public override double Upper { get; }

    /// <inheritdoc />
    public override double Level { get; }

    /// <summary>P(X ≤ k).</summary>
    public double Cdf(double k)
    {
        if (k < 0) return 0;
        if (Mean == 0) return 1;
        var whole = Math.Floor(k);
        return Dispersion <= 1 + 1e-9
            ? Poisson.CDF(Mean, whole)
            : NegativeBinomial.CDF(Mean / (Dispersion - 1), 1 / Dispersion, whole);
    }

    /// <inheritdoc />
    public override double Standardize(double value, double uniform)
    {
        var x = Math.Round(value);
        var below = Cdf(x - 1);
        var at = Cdf(x);
        return Probit(below + Math.Clamp(uniform, 0, 1) * (at - below));
    }

    private double Quantile(double p)
    {
        if (Mean == 0) return 0;
        // A normal guess, then step to the smallest k with F(k) ≥ p.
        var k = Math.Max(0, Math.Floor(Mean + Normal.InvCDF(0, 1, p) * Math.Sqrt(Dispersion * Mean)));
        while (k > 0 && Cdf(k - 1) >= p) k--;
        while (Cdf(k) < p) k++;
        return k;
    }
}
