using System.Globalization;

namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>Which side of its bound a constraint keeps an expression.</summary>
public enum ConstraintSense
{
    /// <summary>expression ≤ bound.</summary>
    AtMost,
    /// <summary>expression ≥ bound.</summary>
    AtLeast,
}

/// <summary>
/// A constraint on a linear expression of KPI means and parameters, such as <c>mean_wait ≤ 2</c> or
/// <c>buffer + 2·crews ≤ 12</c>. Constraints on parameters alone are checked before simulating; constraints on
/// KPIs are checked on the means of a candidate's replications.
/// </summary>
/// <param name="Expression">The constrained expression.</param>
/// <param name="Sense">≤ or ≥.</param>
/// <param name="Bound">The bound.</param>
public sealed record Constraint(LinearExpression Expression, ConstraintSense Sense, double Bound)
{
    /// <summary>expression ≤ bound.</summary>
    public static Constraint AtMost(LinearExpression expression, double bound) => new(expression, ConstraintSense.AtMost, bound);

    /// <summary>expression ≥ bound.</summary>
    public static Constraint AtLeast(LinearExpression expression, double bound) => new(expression, ConstraintSense.AtLeast, bound);

    /// <summary>A KPI's mean ≤ bound.</summary>
    public static Constraint AtMost(string kpi, double bound) => AtMost(LinearExpression.Kpi(kpi), bound);

    /// <summary>A KPI's mean ≥ bound.</summary>
    public static Constraint AtLeast(string kpi, double bound) => AtLeast(LinearExpression.Kpi(kpi), bound);

    /// <summary>Readable form, e.g. <c>mean_wait &lt;= 2</c>.</summary>
    public override string ToString() =>
        $"{Expression} {(Sense == ConstraintSense.AtMost ? "<=" : ">=")} {Bound.ToString("G6", CultureInfo.InvariantCulture)}";
}
