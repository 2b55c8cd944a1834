namespace TwinLab.Sync.Drift;

/// <summary>
/// When divergence counts as sustained: a two-sided tabular CUSUM on standardised residuals (Page, "Continuous inspection
/// schemes", Biometrika 41:100, 1954). Each reading's residual z (standard normal while the twin fits) updates
/// S⁺ = max(0, S⁺ + z − k) and S⁻ = max(0, S⁻ − z − k); drift is raised when either exceeds h.
/// </summary>
/// <remarks>
/// <para>k = 0.5 tunes the chart to a shift of one SD (k is half the shift it detects fastest). The defaults h = 5, k = 0.5
/// give an in-control average run length of about 465 readings between false alarms and detect a one-SD shift after about
/// 10 readings, a two-SD shift after about 4 (Montgomery, Introduction to Statistical Quality Control, 6th ed., 2009,
/// Table 9.3); <see cref="AverageRunLength"/> computes these with Siegmund's approximation (Siegmund, Sequential
/// Analysis, 1985, eq. 2.57). For a series with many readings a day, <see cref="ForFalseAlarmEvery"/> raises h to keep
/// false alarms rare.</para>
/// <para>Residuals are winsorised at ±<see cref="Winsor"/> before they are summed, so a single wild reading (a typo, a
/// cuff slipping) cannot raise drift alone (robust CUSUM; Hawkins &amp; Olwell, Cumulative Sum Charts and Charting for
/// Quality Improvement, 1998, §6). At ±4 this changes the in-control behaviour by less than one reading in 15,000.</para>
/// <para>The change point is estimated as the first reading of the run that crossed: the last time the alarming sum was
/// zero (Page 1954; Montgomery §9.1.4).</para>
/// </remarks>
/// <param name="Reference">k, in SDs: half the shift the rule is tuned to (0.5).</param>
/// <param name="Threshold">h, in SDs: the decision interval (5).</param>
/// <param name="Winsor">Residuals are clamped to ±this before summing (4).</param>
public sealed record CusumRule(double Reference = 0.5, double Threshold = 5, double Winsor = 4)
{
    /// <summary>k = 0.5, h = 5: about 465 readings between false alarms.</summary>
    public static CusumRule Default { get; } = new();

    // Siegmund's correction for the overshoot of a normal random walk at the boundary: h + 2·0.583 (Siegmund 1985).
    private const double Overshoot = 1.166;

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public CusumRule Validate()
    {
        if (!(Reference > 0) || !double.IsFinite(Reference)) throw new ArgumentOutOfRangeException(nameof(Reference), Reference, "The CUSUM reference k must be positive.");
        if (!(Threshold > 0) || !double.IsFinite(Threshold)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The CUSUM threshold h must be positive.");
        if (!(Winsor > Reference) || !double.IsFinite(Winsor)) throw new ArgumentOutOfRangeException(nameof(Winsor), Winsor, "The winsorising limit must exceed k.");
        return this;
    }

    /// <summary>
    /// The average number of readings until the two-sided rule signals when the residuals' mean has shifted by
    /// <paramref name="shift"/> SDs (0: the in-control run length, i.e. readings between false alarms). Siegmund's
    /// approximation, accurate to a few percent for these parameters.
    /// </summary>
    public double AverageRunLength(double shift = 0)
    {
        var up = OneSided(shift - Reference);
        var down = OneSided(-shift - Reference);
        return 1 / (1 / up + 1 / down);
    }

    /// <summary>The rule with k = <paramref name="reference"/> whose in-control run length is <paramref name="readings"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 10 readings.</exception>
    public static CusumRule ForFalseAlarmEvery(double readings, double reference = 0.5)
    {
        if (!(readings >= 10) || !double.IsFinite(readings))
            throw new ArgumentOutOfRangeException(nameof(readings), readings, "The run length between false alarms must be at least 10 readings.");
        double lo = 0.1, hi = 50;
        for (var i = 0; i < 100; i++)
        {
            var mid = (lo + hi) / 2;
            if (new CusumRule(reference, mid).AverageRunLength() < readings) lo = mid;
            else hi = mid;
        }
        return new CusumRule(reference, Math.Round((lo + hi) / 2, 3));
    }

    /// <summary>One reading: the sums after residual <paramref name="z"/>.</summary>
    public (double Upper, double Lower) Step(double upper, double lower, double z)
    {
        var w = Math.Clamp(z, -Winsor, Winsor);
        return (Math.Max(0, upper + w - Reference), Math.Max(0, lower - w - Reference));
    }

    private double OneSided(double delta)
    {
        var b = Threshold + Overshoot;
        if (Math.Abs(delta) < 1e-9) return b * b;
        return (Math.Exp(-2 * delta * b) + 2 * delta * b - 1) / (2 * delta * delta);
    }
}
