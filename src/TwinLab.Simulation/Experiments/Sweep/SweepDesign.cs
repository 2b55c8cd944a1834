using TwinLab.Core.Errors;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Experiments.Sweep;

/// <summary>The points of a parameter sweep: which parameters vary, and one scenario per point.</summary>
/// <param name="Factors">The parameters the design varies, in the order given.</param>
/// <param name="Points">One scenario per point, named after its factor values ("buffer=4, crews=2").</param>
public sealed record SweepDesign(IReadOnlyList<string> Factors, IReadOnlyList<ScenarioSpec> Points)
{
    /// <summary>The most points a grid may have (a guard against a runaway factorial).</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>
    /// Stream index the Latin hypercube draws from: a scenario index no experiment uses, so the design's random
    /// numbers are unrelated to any replication's.
    /// </summary>
    private const int DesignStream = -0x4C48;

    /// <summary>
    /// Full factorial grid: every combination of the listed values. The first factor varies slowest, as in
    /// nested loops.
    /// </summary>
    /// <param name="info">The simulator (parameter names and kinds).</param>
    /// <param name="levels">For each parameter to vary, its values (see <see cref="SweepLevels"/>).</param>
    /// <param name="basis">Values of the parameters not varied; the simulator's defaults when null.</param>
    /// <param name="interventions">Interventions applied at every point.</param>
    /// <exception cref="TwinLabException">An unknown parameter, a value it does not accept, an empty list, or too many points.</exception>
    public static SweepDesign Grid(
        SimulatorInfo info,
        IEnumerable<KeyValuePair<string, IReadOnlyList<ParameterValue>>> levels,
        ParameterSet? basis = null,
        IReadOnlyList<string>? interventions = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(levels);
        var factors = levels.ToArray();
        CheckFactors(info, factors.Select(f => f.Key));
        long total = 1;
        foreach (var (name, values) in factors)
        {
            if (values.Count == 0) throw Fail($"parameter '{name}' has no values");
            total *= values.Count;
            if (total > MaxPoints) throw Fail($"the grid has more than {MaxPoints} points");
        }
        var names = factors.Select(f => f.Key).ToArray();
        var start = basis ?? ParameterSet.Create(info);
        var sets = new List<ParameterSet>((int)total);
        var index = new int[factors.Length];
        for (var p = 0; p < total; p++)
        {
            sets.Add(start.With(info, factors.Select((f, j) => KeyValuePair.Create(f.Key, f.Value[index[j]]))));
            // Odometer: the last factor turns fastest.
            for (var j = factors.Length - 1; j >= 0 && ++index[j] == factors[j].Value.Count; j--) index[j] = 0;
        }
        return Build(info, names, sets, interventions);
    }

    /// <summary>
    /// Latin hypercube sample of <paramref name="points"/> points over numeric ranges (McKay, Beckman and Conover,
    /// 1979): each range is cut into <paramref name="points"/> equal strata and each stratum holds one point.
    /// Integer parameters take the whole number of the equal-width bin the point falls in, so every whole number
    /// in the range is equally likely.
    /// </summary>
    /// <param name="info">The simulator.</param>
    /// <param name="ranges">For each real or integer parameter to vary, its range.</param>
    /// <param name="points">Number of points.</param>
    /// <param name="seed">Seed (usually the experiment's); the same seed gives the same design.</param>
    /// <param name="basis">Values of the parameters not varied; the simulator's defaults when null.</param>
    /// <param name="interventions">Interventions applied at every point.</param>
    /// <exception cref="TwinLabException">An unknown or non-numeric parameter, or an empty or infinite range.</exception>
    public static SweepDesign LatinHypercube(
        SimulatorInfo info,
        IEnumerable<KeyValuePair<string, ParameterRange>> ranges,
        int points,
        ulong seed,
        ParameterSet? basis = null,
        IReadOnlyList<string>? interventions = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(ranges);
        if (points < 1) throw Fail($"a Latin hypercube needs at least one point, got {points}");
        if (points > MaxPoints) throw Fail($"a Latin hypercube of {points} points is more than {MaxPoints}");
        var factors = ranges.ToArray();
        CheckFactors(info, factors.Select(f => f.Key));
        var specs = factors.Select(f => info.Parameters.First(p => p.Name == f.Key)).ToArray();
        for (var j = 0; j < factors.Length; j++)
        {
            var (name, range) = factors[j];
            if (specs[j].Kind is not (ParameterKind.Real or ParameterKind.Integer))
                throw Fail($"parameter '{name}' is not numeric; sweep it with a grid");
            if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max) || range.Min > range.Max)
                throw Fail($"parameter '{name}' needs a finite range with min <= max, got [{range.Min}, {range.Max}]");
            if (specs[j].Kind == ParameterKind.Integer && Math.Ceiling(range.Min) > Math.Floor(range.Max))
                throw Fail($"integer parameter '{name}' has no whole number in [{range.Min}, {range.Max}]");
        }
        var unit = LatinHypercubeSampler.Sample(points, factors.Length, RandomStream.For(seed, DesignStream, 0));
        var start = basis ?? ParameterSet.Create(info);
        var sets = unit.Select(u => start.With(info,
            factors.Select((f, j) => KeyValuePair.Create(f.Key, ParameterValue.Of(Map(specs[j].Kind, f.Value, u[j])))))).ToList();
        return Build(info, [.. factors.Select(f => f.Key)], sets, interventions);
    }

    /// <summary>A unit-interval coordinate to a parameter value.</summary>
    internal static double Map(ParameterKind kind, ParameterRange range, double u)
    {
        if (kind == ParameterKind.Integer)
        {
            var lo = Math.Ceiling(range.Min);
            var count = Math.Floor(range.Max) - lo + 1;
            return lo + Math.Min(Math.Floor(u * count), count - 1);
        }
        return Math.Clamp(range.Min + u * (range.Max - range.Min), range.Min, range.Max);
    }

    private static SweepDesign Build(SimulatorInfo info, string[] factors, List<ParameterSet> sets, IReadOnlyList<string>? interventions)
    {
        var names = ScenarioNames.Unique(sets.Select(s => factors.Length == 0 ? "defaults" : ScenarioNames.Of(info, factors, s)));
        var points = sets.Select((s, i) => new ScenarioSpec(names[i], s, interventions ?? [])).ToArray();
        return new SweepDesign(factors, points);
    }

    private static void CheckFactors(SimulatorInfo info, IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name)) throw Fail($"parameter '{name}' is listed twice");
            if (info.Parameters.All(p => p.Name != name))
                throw Fail($"simulator '{info.Name}' has no parameter '{name}' (it has: {string.Join(", ", info.Parameters.Select(p => p.Name))})");
        }
    }

    private static TwinLabException Fail(string why) => new(ErrorCodes.InvalidArgument, $"Sweep: {why}.");
}
