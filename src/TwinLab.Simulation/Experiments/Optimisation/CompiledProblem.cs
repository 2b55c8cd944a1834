using TwinLab.Simulation.Experiments.Sweep;

namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>An <see cref="OptimisationProblem"/> checked and resolved against a simulator.</summary>
internal sealed class CompiledProblem
{
    private readonly (Constraint Spec, CompiledExpression Expression)[] _constraints;
    private readonly string[] _names;

    private CompiledProblem(
        SimulatorInfo info, OptimisationProblem problem, SearchVariable[] variables, ObjectiveCalculator objective,
        (Constraint, CompiledExpression)[] constraints, ParameterSet basis)
    {
        Info = info;
        Problem = problem;
        Variables = variables;
        Objective = objective;
        _constraints = constraints;
        Basis = basis;
        _names = [.. variables.Select(v => v.Name)];
    }

    public SimulatorInfo Info { get; }
    public OptimisationProblem Problem { get; }
    public IReadOnlyList<SearchVariable> Variables { get; }
    public ObjectiveCalculator Objective { get; }
    public ParameterSet Basis { get; }
    public KpiDirection Direction => Problem.Objective.Direction;

    /// <exception cref="Core.Errors.TwinLabException">Anything in the problem the simulator does not support.</exception>
    public static CompiledProblem Compile(SimulatorInfo info, OptimisationProblem problem, double confidence)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(problem.Objective);
        var objective = problem.Objective;
        if (objective.Direction is not (KpiDirection.Minimise or KpiDirection.Maximise))
            throw OptimisationErrors.Invalid("the objective must be minimised or maximised");
        if (problem.Variables is not { Count: > 0 }) throw OptimisationErrors.Invalid("there is no decision variable");
        var duplicate = problem.Variables.GroupBy(v => v.Parameter).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw OptimisationErrors.Invalid($"parameter '{duplicate.Key}' is listed twice as a variable");
        var variables = problem.Variables.Select(v => SearchVariable.Resolve(v, info)).ToArray();
        var calculator = new ObjectiveCalculator(
            CompiledExpression.Compile(objective.Numerator, info, "objective"),
            objective.Denominator is null ? null : CompiledExpression.Compile(objective.Denominator, info, "objective's denominator"),
            confidence);
        var constraints = (problem.Constraints ?? []).Select((c, i) =>
        {
            ArgumentNullException.ThrowIfNull(c);
            if (!double.IsFinite(c.Bound)) throw OptimisationErrors.Invalid($"constraint {i + 1} has bound {c.Bound}");
            return (c, CompiledExpression.Compile(c.Expression, info, $"constraint {i + 1} ({c})"));
        }).ToArray();
        return new CompiledProblem(info, problem, variables, calculator, constraints, problem.Basis ?? ParameterSet.Create(info));
    }

    /// <summary>Every parameter's value at a point.</summary>
    public ParameterSet Parameters(IReadOnlyList<ParameterValue> values) =>
        Basis.With(Info, values.Select((v, j) => KeyValuePair.Create(_names[j], v)));

    /// <summary>The scenario to simulate at a point.</summary>
    public ScenarioSpec Scenario(ParameterSet parameters) =>
        new(ScenarioNames.Of(Info, _names, parameters), parameters, Problem.Interventions ?? []);

    /// <summary>Where greedy and Nelder–Mead start: <paramref name="start"/> over the basis, snapped to allowed values.</summary>
    public ParameterValue[] Start(IReadOnlyDictionary<string, ParameterValue>? start)
    {
        foreach (var name in start?.Keys ?? [])
            if (!_names.Contains(name)) throw OptimisationErrors.Invalid($"the start point sets '{name}', which is not a decision variable");
        return [.. Variables.Select(v => v.Snap(start is not null && start.TryGetValue(v.Name, out var s) ? s : Basis[v.Name]))];
    }

    /// <summary>Total violation of the constraints on parameters alone (known before simulating).</summary>
    public double ParameterViolation(ParameterSet parameters)
    {
        var total = 0.0;
        foreach (var (spec, expression) in _constraints)
            if (!expression.UsesKpis) total += Violation(spec, expression.Fixed(parameters));
        return total;
    }

    /// <summary>A simulated point as a candidate: objective, constraint values, violation.</summary>
    public Candidate Candidate(int evaluation, IReadOnlyList<ParameterValue> values, ScenarioResult result)
    {
        var constraintValues = _constraints.Select(c => c.Expression.OnMeans(result)).ToArray();
        var violation = 0.0;
        for (var i = 0; i < _constraints.Length; i++) violation += Violation(_constraints[i].Spec, constraintValues[i]);
        return new Candidate(evaluation, result.Name, values, result.Parameters, Objective.Estimate(result), constraintValues, violation, result);
    }

    /// <summary>A candidate's rank key, with <paramref name="order"/> as the tie-breaker.</summary>
    public RankKey Key(Candidate candidate, int order) =>
        new(candidate.Feasible, candidate.Violation,
            Direction == KpiDirection.Maximise ? -candidate.Objective.Mean : candidate.Objective.Mean, order);

    /// <summary>
    /// By how much a value breaks a constraint, relative to max(1, |bound|) so constraints in different units add up
    /// comparably; a NaN value (a KPI no replication measured) counts as infinitely broken.
    /// </summary>
    private static double Violation(Constraint constraint, double value)
    {
        if (double.IsNaN(value)) return double.PositiveInfinity;
        var excess = constraint.Sense == ConstraintSense.AtMost ? value - constraint.Bound : constraint.Bound - value;
        return excess > 0 ? excess / Math.Max(1, Math.Abs(constraint.Bound)) : 0;
    }
}
