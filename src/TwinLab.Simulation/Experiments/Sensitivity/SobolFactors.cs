using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>Checks Sobol' factors and maps unit-cube points onto their ranges.</summary>
internal static class SobolFactors
{
    /// <summary>Factors of a function: each needs an explicit finite range.</summary>
    public static IReadOnlyList<SobolFactor> Resolve(IReadOnlyList<SobolFactor> factors)
    {
        CheckNames(factors);
        foreach (var f in factors)
        {
            if (f.Min is not { } min || f.Max is not { } max)
                throw Error($"Factor '{f.Parameter}' needs both a minimum and a maximum.");
            CheckRange(f.Parameter, min, max);
        }
        return factors;
    }

    /// <summary>Factors of a simulator: numeric parameters, ranges defaulting to and lying within the parameter's bounds.</summary>
    public static IReadOnlyList<SobolFactor> Resolve(SimulatorInfo info, IReadOnlyList<SobolFactor> factors)
    {
        CheckNames(factors);
        var resolved = new List<SobolFactor>(factors.Count);
        foreach (var f in factors)
        {
            var spec = info.Parameters.FirstOrDefault(p => p.Name == f.Parameter) ?? throw Error(
                $"Simulator '{info.Name}' has no parameter '{f.Parameter}' (it has: {string.Join(", ", info.Parameters.Select(p => p.Name))}).");
            if (spec.Kind is not (ParameterKind.Real or ParameterKind.Integer))
                throw Error($"Factor '{f.Parameter}' is a {spec.Kind.ToString().ToLowerInvariant()} parameter; Sobol' factors must be numeric.");
            var min = f.Min ?? spec.Min;
            var max = f.Max ?? spec.Max;
            CheckRange(f.Parameter, min, max);
            if (min < spec.Min || max > spec.Max)
                throw Error($"Factor '{f.Parameter}': range [{min}, {max}] leaves the parameter's bounds [{spec.Min}, {spec.Max}].");
            if (spec.Kind == ParameterKind.Integer && Math.Floor(max) - Math.Ceiling(min) < 1)
                throw Error($"Factor '{f.Parameter}': range [{min}, {max}] holds fewer than two whole numbers.");
            resolved.Add(f with { Min = min, Max = max });
        }
        return resolved;
    }

    /// <summary>Factor values of a unit-cube point; integer parameters take one of the whole numbers in range with equal probability.</summary>
    public static double[] Values(IReadOnlyList<SobolFactor> factors, ParameterSpec[]? specs, double[] unit)
    {
        var values = new double[factors.Count];
        for (var i = 0; i < values.Length; i++)
        {
            double min = factors[i].Min!.Value, max = factors[i].Max!.Value;
            if (specs?[i].Kind == ParameterKind.Integer)
            {
                var low = Math.Ceiling(min);
                var count = Math.Floor(max) - low + 1;
                values[i] = Math.Min(low + Math.Floor(unit[i] * count), Math.Floor(max));
            }
            else values[i] = min + unit[i] * (max - min);
        }
        return values;
    }

    private static void CheckNames(IReadOnlyList<SobolFactor> factors)
    {
        if (factors.Count == 0) throw Error("A Sobol' analysis needs at least one factor.");
        var repeated = factors.GroupBy(f => f.Parameter).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw Error($"Factor '{repeated.Key}' is listed more than once.");
    }

    private static void CheckRange(string name, double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw Error($"Factor '{name}' needs a finite range; got [{min}, {max}].");
        if (min >= max) throw Error($"Factor '{name}': minimum {min} is not below maximum {max}.");
    }

    private static TwinLabException Error(string message) => new(ErrorCodes.InvalidArgument, message);
}
