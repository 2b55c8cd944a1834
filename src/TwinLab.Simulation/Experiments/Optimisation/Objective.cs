namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// What an optimisation minimises or maximises: a linear expression of KPI means and parameters, or the ratio of
/// two such expressions ("throughput per cost").
/// </summary>
/// <param name="Direction">Minimise or maximise.</param>
/// <param name="Numerator">The expression (the numerator of a ratio).</param>
/// <param name="Denominator">The denominator, or null for a plain expression. A ratio is a ratio of means,
/// mean(numerator) / mean(denominator), not the mean of per-replication ratios.</param>
public sealed record Objective(KpiDirection Direction, LinearExpression Numerator, LinearExpression? Denominator = null)
{
    /// <summary>Minimise a KPI's mean.</summary>
    public static Objective Minimise(string kpi) => new(KpiDirection.Minimise, LinearExpression.Kpi(kpi));

    /// <summary>Maximise a KPI's mean.</summary>
    public static Objective Maximise(string kpi) => new(KpiDirection.Maximise, LinearExpression.Kpi(kpi));

    /// <summary>Minimise an expression, or a ratio when <paramref name="denominator"/> is given.</summary>
    public static Objective Minimise(LinearExpression expression, LinearExpression? denominator = null) =>
        new(KpiDirection.Minimise, expression, denominator);

    /// <summary>Maximise an expression, or a ratio when <paramref name="denominator"/> is given.</summary>
    public static Objective Maximise(LinearExpression expression, LinearExpression? denominator = null) =>
        new(KpiDirection.Maximise, expression, denominator);

    /// <summary>Readable form, e.g. <c>maximise (throughput) / (2*crews + 10)</c>.</summary>
    public override string ToString() =>
        $"{Direction.ToString().ToLowerInvariant()} " + (Denominator is null ? $"{Numerator}" : $"({Numerator}) / ({Denominator})");
}
