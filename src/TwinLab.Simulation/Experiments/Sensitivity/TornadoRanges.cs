using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>Turns <see cref="TornadoRange"/>s into checked low and high values.</summary>
internal static class TornadoRanges
{
    /// <summary>The low and high value of each range, checked against the simulator's parameters.</summary>
    public static (double Low, double High)[] Resolve(SimulatorInfo info, ParameterSet baseValues, IReadOnlyList<TornadoRange> ranges)
    {
        if (ranges.Count == 0) throw Error("A tornado analysis needs at least one parameter range.");
        var repeated = ranges.GroupBy(r => r.Parameter).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw Error($"Parameter '{repeated.Key}' has more than one tornado range.");
        return ranges.Select(r => Resolve(info, baseValues, r)).ToArray();
    }

    private static (double Low, double High) Resolve(SimulatorInfo info, ParameterSet baseValues, TornadoRange range)
    {
        var name = range.Parameter;
        var spec = info.Parameters.FirstOrDefault(p => p.Name == name) ?? throw Error(
            $"Simulator '{info.Name}' has no parameter '{name}' (it has: {string.Join(", ", info.Parameters.Select(p => p.Name))}).");
        if (spec.Kind is not (ParameterKind.Real or ParameterKind.Integer))
            throw Error($"Parameter '{name}' is a {spec.Kind.ToString().ToLowerInvariant()} parameter; a tornado varies numeric parameters only.");
        if (range.Low.HasValue != range.High.HasValue)
            throw Error($"Parameter '{name}': give both a low and a high value, or neither.");
        if (range.Low.HasValue && range.Fraction.HasValue)
            throw Error($"Parameter '{name}': give either low and high values or a fraction, not both.");

        double low, high;
        if (range is { Low: { } l, High: { } h })
            (low, high) = (l, h);
        else if (range.Fraction is { } fraction)
        {
            if (!(fraction > 0) || !double.IsFinite(fraction))
                throw Error($"Parameter '{name}': the fraction must be a positive number; got {fraction}.");
            var value = baseValues.GetDouble(name);
            if (value == 0) throw Error($"Parameter '{name}' is 0 in the base scenario, so ±{fraction:P0} of it is no range; give low and high values.");
            low = Math.Max(Math.Min(value * (1 - fraction), value * (1 + fraction)), spec.Min);
            high = Math.Min(Math.Max(value * (1 - fraction), value * (1 + fraction)), spec.Max);
            if (spec.Kind == ParameterKind.Integer) (low, high) = (Math.Ceiling(low), Math.Floor(high));
        }
        else
        {
            if (!double.IsFinite(spec.Min) || !double.IsFinite(spec.Max))
                throw Error($"Parameter '{name}' has no finite bounds to try; give low and high values or a fraction.");
            (low, high) = (spec.Min, spec.Max);
        }
        if (!double.IsFinite(low) || !double.IsFinite(high) || low >= high)
            throw Error($"Parameter '{name}': low value {low} must be below high value {high}.");
        if (low < spec.Min || high > spec.Max)
            throw Error($"Parameter '{name}': [{low}, {high}] leaves its bounds [{spec.Min}, {spec.Max}].");
        return (low, high);
    }

    private static TwinLabException Error(string message) => new(ErrorCodes.InvalidArgument, message);
}
