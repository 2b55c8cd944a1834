namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>
/// A decision variable resolved against its parameter: either continuous on [Min, Max], or discrete with
/// <see cref="Count"/> values (an arithmetic grid, or an explicit list). Maps values to and from [0, 1] for Nelder–Mead.
/// </summary>
internal sealed class SearchVariable
{
    private readonly ParameterValue[]? _levels;
    private readonly double _step;

    private SearchVariable(string name, bool continuous, double min, double max, double step, long count, ParameterValue[]? levels)
    {
        Name = name;
        IsContinuous = continuous;
        Min = min;
        Max = max;
        _step = step;
        Count = count;
        _levels = levels;
    }

    /// <summary>Parameter name.</summary>
    public string Name { get; }
    /// <summary>Whether any value in [Min, Max] is allowed.</summary>
    public bool IsContinuous { get; }
    /// <summary>Lower bound (numeric variables).</summary>
    public double Min { get; }
    /// <summary>Upper bound (numeric variables).</summary>
    public double Max { get; }
    /// <summary>Number of values of a discrete variable (0 for continuous).</summary>
    public long Count { get; }

    /// <summary>Resolves the variable; see <see cref="DecisionVariable"/> for the rules.</summary>
    public static SearchVariable Resolve(DecisionVariable variable, SimulatorInfo info)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var name = variable.Parameter;
        var spec = info.Parameters.FirstOrDefault(p => p.Name == name) ?? throw OptimisationErrors.Invalid(
            $"simulator '{info.Name}' has no parameter '{name}' (it has: {string.Join(", ", info.Parameters.Select(p => p.Name))})");
        if (variable.Levels is { } given)
        {
            if (given.Count == 0) throw OptimisationErrors.Invalid($"variable '{name}' has an empty list of values");
            // ParameterSet.Create checks each value's kind and range with the same message as everywhere else.
            var levels = given.Select(v => ParameterSet.Create(info, [KeyValuePair.Create(name, v)])[name]).ToArray();
            return new SearchVariable(name, false, double.NaN, double.NaN, 0, levels.Length, levels);
        }
        switch (spec.Kind)
        {
            case ParameterKind.Boolean:
                return Listed(name, [ParameterValue.Of(false), ParameterValue.Of(true)]);
            case ParameterKind.Choice:
                if (spec.Choices is not { Count: > 0 } choices) throw OptimisationErrors.Invalid($"choice parameter '{name}' declares no choices");
                return Listed(name, [.. choices.Select(ParameterValue.Of)]);
        }
        var min = variable.Min ?? spec.Min;
        var max = variable.Max ?? spec.Max;
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw OptimisationErrors.Invalid($"variable '{name}' needs finite bounds (give min and max), got [{min}, {max}]");
        if (min > max) throw OptimisationErrors.Invalid($"variable '{name}' has min {min} > max {max}");
        if (min < spec.Min || max > spec.Max)
            throw OptimisationErrors.Invalid($"variable '{name}' range [{min}, {max}] leaves the parameter's range [{spec.Min}, {spec.Max}]");
        var step = variable.Step ?? (spec.Kind == ParameterKind.Integer ? 1 : 0);
        if (variable.Step is { } s && !(s > 0 && double.IsFinite(s)))
            throw OptimisationErrors.Invalid($"variable '{name}' needs a positive step, got {s}");
        if (step == 0) return new SearchVariable(name, true, min, max, 0, 0, null);
        if (spec.Kind == ParameterKind.Integer)
        {
            if (step != Math.Floor(step)) throw OptimisationErrors.Invalid($"integer variable '{name}' needs a whole step, got {step}");
            min = Math.Ceiling(min);
            max = Math.Floor(max);
            if (min > max) throw OptimisationErrors.Invalid($"integer variable '{name}' has no whole number in its range");
        }
        // 1e-9 steps of tolerance so that 0 to 1 in steps of 0.1 keeps its last value.
        var count = (long)Math.Floor((max - min) / step + 1e-9) + 1;
        return new SearchVariable(name, false, min, max, step, count, null);
    }

    private static SearchVariable Listed(string name, ParameterValue[] levels) =>
        new(name, false, double.NaN, double.NaN, 0, levels.Length, levels);

    /// <summary>The i-th value of a discrete variable.</summary>
    public ParameterValue Level(long i)
    {
        if (_levels is not null) return _levels[i];
        var raw = Math.Min(Min + i * _step, Max);
        // Rounding to 15 digits could step just past a bound with more digits than that; then keep the raw value.
        var clean = Sweep.SweepLevels.Clean(raw);
        return clean.Number >= Min && clean.Number <= Max ? clean : ParameterValue.Of(raw);
    }

    /// <summary>Index of the discrete value nearest to <paramref name="value"/> (the first value when none is close).</summary>
    public long Nearest(ParameterValue value)
    {
        if (_levels is null)
            return value.IsText || double.IsNaN(value.Number) ? 0 : (long)Math.Clamp(Math.Round((value.Number - Min) / _step), 0, Count - 1);
        var best = 0L;
        for (var i = 0; i < _levels.Length; i++)
        {
            if (_levels[i].Equals(value)) return i;
            if (!value.IsText && !_levels[i].IsText && Math.Abs(_levels[i].Number - value.Number) < Math.Abs(_levels[best].Number - value.Number))
                best = i;
        }
        return best;
    }

    /// <summary>The value allowed nearest to <paramref name="value"/>.</summary>
    public ParameterValue Snap(ParameterValue value) =>
        IsContinuous ? ParameterValue.Of(Math.Clamp(value.IsText ? Min : value.Number, Min, Max)) : Level(Nearest(value));

    /// <summary>The value at scaled position <paramref name="u"/> ∈ [0, 1] (rounded to the nearest value for discrete variables).</summary>
    public ParameterValue FromUnit(double u)
    {
        u = Math.Clamp(u, 0, 1);
        return IsContinuous
            ? ParameterValue.Of(Math.Clamp(Min + u * (Max - Min), Min, Max))
            : Level((long)Math.Round(u * (Count - 1), MidpointRounding.AwayFromZero));
    }

    /// <summary>The scaled position of a value.</summary>
    public double ToUnit(ParameterValue value)
    {
        if (IsContinuous) return Max == Min ? 0 : (Snap(value).Number - Min) / (Max - Min);
        return Count == 1 ? 0 : (double)Nearest(value) / (Count - 1);
    }
}
