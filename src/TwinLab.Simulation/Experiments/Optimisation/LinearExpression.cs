using System.Globalization;
using System.Text;

namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// A linear combination of KPIs and parameters plus a constant, such as <c>throughput − 50·crews</c>. Built with
/// <see cref="Kpi"/>, <see cref="Parameter"/> and the arithmetic operators; a scenario-file parser builds the same.
/// </summary>
/// <param name="Terms">The terms.</param>
/// <param name="Constant">The constant added.</param>
public sealed record LinearExpression(IReadOnlyList<ExpressionTerm> Terms, double Constant = 0)
{
    /// <summary>coefficient × a KPI.</summary>
    public static LinearExpression Kpi(string name, double coefficient = 1) => new([new ExpressionTerm(coefficient, TermSource.Kpi, name)]);

    /// <summary>coefficient × a parameter.</summary>
    public static LinearExpression Parameter(string name, double coefficient = 1) =>
        new([new ExpressionTerm(coefficient, TermSource.Parameter, name)]);

    /// <summary>A constant.</summary>
    public static LinearExpression Of(double constant) => new([], constant);

    /// <summary>Whether any term is a KPI (otherwise the value is known before simulating).</summary>
    public bool UsesKpis => Terms.Any(t => t.Source == TermSource.Kpi);

    /// <summary>A constant.</summary>
    public static implicit operator LinearExpression(double constant) => Of(constant);

    /// <summary>Sum.</summary>
    public static LinearExpression operator +(LinearExpression a, LinearExpression b) => new([.. a.Terms, .. b.Terms], a.Constant + b.Constant);

    /// <summary>Difference.</summary>
    public static LinearExpression operator -(LinearExpression a, LinearExpression b) => a + -b;

    /// <summary>Negation.</summary>
    public static LinearExpression operator -(LinearExpression a) => -1.0 * a;

    /// <summary>Scaling.</summary>
    public static LinearExpression operator *(double factor, LinearExpression a) =>
        new([.. a.Terms.Select(t => t with { Coefficient = factor * t.Coefficient })], factor * a.Constant);

    /// <summary>Scaling.</summary>
    public static LinearExpression operator *(LinearExpression a, double factor) => factor * a;

    /// <summary>Readable form, e.g. <c>throughput - 50*crews + 3</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var term in Terms)
        {
            var c = term.Coefficient;
            text.Append(text.Length == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
            if (Math.Abs(c) != 1) text.Append(Format(Math.Abs(c))).Append('*');
            text.Append(term.Name);
        }
        if (Constant != 0 || text.Length == 0)
            text.Append(text.Length == 0 ? Format(Constant) : (Constant < 0 ? " - " : " + ") + Format(Math.Abs(Constant)));
        return text.ToString();
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
