namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>A <see cref="LinearExpression"/> resolved against a simulator: KPI names to indices, parameters checked numeric.</summary>
internal sealed class CompiledExpression
{
    private readonly (int Kpi, double Coefficient)[] _kpis;
    private readonly (string Parameter, double Coefficient)[] _parameters;
    private readonly double _constant;

    private CompiledExpression((int, double)[] kpis, (string, double)[] parameters, double constant)
    {
        _kpis = kpis;
        _parameters = parameters;
        _constant = constant;
    }

    /// <summary>Whether the value depends on simulation output.</summary>
    public bool UsesKpis => _kpis.Length > 0;

    /// <summary>Resolves names; <paramref name="role"/> says where the expression is used, for the error message.</summary>
    public static CompiledExpression Compile(LinearExpression expression, SimulatorInfo info, string role)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (!double.IsFinite(expression.Constant)) throw OptimisationErrors.Invalid($"the {role} has a constant that is not finite");
        var kpis = new List<(int, double)>();
        var parameters = new List<(string, double)>();
        foreach (var term in expression.Terms)
        {
            if (!double.IsFinite(term.Coefficient))
                throw OptimisationErrors.Invalid($"the {role} multiplies '{term.Name}' by {term.Coefficient}");
            if (term.Source == TermSource.Kpi)
            {
                var k = info.KpiIndex(term.Name);
                if (k < 0) throw OptimisationErrors.Invalid(
                    $"the {role} names KPI '{term.Name}', which simulator '{info.Name}' does not report " +
                    $"(it reports: {string.Join(", ", info.Kpis.Select(x => x.Name))})");
                kpis.Add((k, term.Coefficient));
            }
            else
            {
                var spec = info.Parameters.FirstOrDefault(p => p.Name == term.Name) ?? throw OptimisationErrors.Invalid(
                    $"the {role} names parameter '{term.Name}', which simulator '{info.Name}' does not have");
                if (spec.Kind == ParameterKind.Choice)
                    throw OptimisationErrors.Invalid($"the {role} uses choice parameter '{term.Name}' as a number");
                parameters.Add((term.Name, term.Coefficient));
            }
        }
        return new CompiledExpression([.. kpis], [.. parameters], expression.Constant);
    }

    /// <summary>The part that does not depend on simulation: constant + Σ coefficient × parameter.</summary>
    public double Fixed(ParameterSet parameters)
    {
        var sum = _constant;
        foreach (var (name, c) in _parameters) sum += c * parameters[name].Number;
        return sum;
    }

    /// <summary>The value for replication position <paramref name="i"/> of a result, given <see cref="Fixed"/>.</summary>
    public double Replication(ScenarioResult result, int i, double fixedPart)
    {
        var sum = fixedPart;
        foreach (var (k, c) in _kpis) sum += c * result.Values[k][i];
        return sum;
    }

    /// <summary>The value on the KPI means.</summary>
    public double OnMeans(ScenarioResult result)
    {
        var sum = Fixed(result.Parameters);
        foreach (var (k, c) in _kpis) sum += c * result.Summaries[k].Mean;
        return sum;
    }
}
