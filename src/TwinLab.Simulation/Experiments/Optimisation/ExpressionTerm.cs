namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>What a term of a <see cref="LinearExpression"/> refers to.</summary>
public enum TermSource
{
    /// <summary>A KPI: its value per replication, hence its mean over replications.</summary>
    Kpi,
    /// <summary>A numeric parameter's value (booleans count as 0 or 1).</summary>
    Parameter,
}

/// <summary>One term, coefficient × KPI or coefficient × parameter.</summary>
/// <param name="Coefficient">The multiplier.</param>
/// <param name="Source">Whether <paramref name="Name"/> is a KPI or a parameter.</param>
/// <param name="Name">The KPI's or parameter's name.</param>
public sealed record ExpressionTerm(double Coefficient, TermSource Source, string Name);
