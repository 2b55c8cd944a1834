namespace TwinLab.Simulation.Experiments.Compare;

/// <summary>
/// How one KPI of an alternative differs from the baseline, from paired replications (same replication index,
/// hence the same random numbers under common random numbers).
/// </summary>
/// <param name="AlternativeIndex">Position of the alternative in the list compared (0-based).</param>
/// <param name="Alternative">The alternative's scenario name.</param>
/// <param name="Kpi">KPI name.</param>
/// <param name="Direction">Which way is better for this KPI.</param>
/// <param name="Pairs">Replications paired (finished in both scenarios, neither value NaN).</param>
/// <param name="BaselineMean">Baseline mean over the paired replications.</param>
/// <param name="AlternativeMean">Alternative mean over the paired replications.</param>
/// <param name="Difference">Mean paired difference, alternative − baseline.</param>
/// <param name="DifferenceStdDev">Sample standard deviation of the paired differences.</param>
/// <param name="Interval">Paired-t confidence interval of the difference (Law, 5th ed., §10.2.1).</param>
/// <param name="BonferroniInterval">The same at level 1 − α/k for k alternatives, so all k intervals of this KPI
/// hold together with probability ≥ 1 − α (Bonferroni inequality; Law, 5th ed., §10.3).</param>
/// <param name="RelativeChangePercent">100 · difference / |baseline mean| (NaN when the baseline mean is 0).</param>
/// <param name="PValue">Two-sided p-value of the paired t-test of no difference.</param>
/// <param name="BonferroniPValue">The p-value multiplied by k (at most 1).</param>
public sealed record KpiDelta(
    int AlternativeIndex,
    string Alternative,
    string Kpi,
    KpiDirection Direction,
    int Pairs,
    double BaselineMean,
    double AlternativeMean,
    double Difference,
    double DifferenceStdDev,
    DeltaInterval Interval,
    DeltaInterval BonferroniInterval,
    double RelativeChangePercent,
    double PValue,
    double BonferroniPValue)
{
    /// <summary>The interval excludes 0.</summary>
    public bool Significant => Interval.ExcludesZero;

    /// <summary>The Bonferroni interval excludes 0 (significant allowing for the number of alternatives).</summary>
    public bool SignificantBonferroni => BonferroniInterval.ExcludesZero;

    /// <summary>Significant and in the KPI's better direction (false for KPIs without a direction).</summary>
    public bool Better => Significant && Sign > 0;

    /// <summary>Significant and in the KPI's worse direction.</summary>
    public bool Worse => Significant && Sign < 0;

    /// <summary><see cref="Better"/> under the Bonferroni interval.</summary>
    public bool BetterBonferroni => SignificantBonferroni && Sign > 0;

    /// <summary><see cref="Worse"/> under the Bonferroni interval.</summary>
    public bool WorseBonferroni => SignificantBonferroni && Sign < 0;

    // +1 when the difference points the good way, −1 the bad way, 0 when there is no direction or no difference.
    private int Sign => Direction switch
    {
        KpiDirection.Minimise => -Math.Sign(Difference),
        KpiDirection.Maximise => Math.Sign(Difference),
        _ => 0,
    };
}
