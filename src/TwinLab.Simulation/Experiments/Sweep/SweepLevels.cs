using System.Globalization;
using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Sweep;

/// <summary>Lists of values for one parameter of a grid sweep.</summary>
public static class SweepLevels
{
    /// <summary>The most values one list may hold (a guard against a mistyped step).</summary>
    public const int MaxLevels = 100_000;

    /// <summary><paramref name="from"/>, from + step, … up to <paramref name="to"/> (included when a whole number of steps away).</summary>
    /// <exception cref="TwinLabException">A step that is not positive, or too many values.</exception>
    public static IReadOnlyList<ParameterValue> Range(double from, double to, double step)
    {
        if (!double.IsFinite(from) || !double.IsFinite(to) || !(step > 0) || !double.IsFinite(step))
            throw Fail($"a range needs finite ends and a positive step, got from {from} to {to} step {step}");
        if (to < from) throw Fail($"a range must go upwards, got from {from} to {to}");
        // A tolerance of 1e-9 steps keeps 0 to 1 step 0.1 from losing its last value to rounding.
        var count = (long)Math.Floor((to - from) / step + 1e-9) + 1;
        if (count > MaxLevels) throw Fail($"a range of {count} values is more than {MaxLevels}");
        var values = new ParameterValue[count];
        for (var i = 0; i < count; i++) values[i] = Clean(from + i * step);
        return values;
    }

    /// <summary><paramref name="count"/> evenly spaced values from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    /// <exception cref="TwinLabException">Non-finite ends or a count below 1 (or above <see cref="MaxLevels"/>).</exception>
    public static IReadOnlyList<ParameterValue> Linspace(double from, double to, int count)
    {
        if (!double.IsFinite(from) || !double.IsFinite(to) || count is < 1 or > MaxLevels)
            throw Fail($"evenly spaced values need finite ends and 1 to {MaxLevels} values, got {count}");
        if (count == 1) return [ParameterValue.Of(from)];
        var values = new ParameterValue[count];
        for (var i = 0; i < count; i++) values[i] = Clean(from + (to - from) * i / (count - 1));
        return values;
    }

    /// <summary>The whole numbers from <paramref name="from"/> to <paramref name="to"/> in steps of <paramref name="step"/>.</summary>
    public static IReadOnlyList<ParameterValue> Integers(int from, int to, int step = 1) => Range(from, to, step);

    /// <summary>false and true.</summary>
    public static IReadOnlyList<ParameterValue> Booleans() => [ParameterValue.Of(false), ParameterValue.Of(true)];

    /// <summary>Choices given as text.</summary>
    public static IReadOnlyList<ParameterValue> Choices(params string[] choices) => [.. choices.Select(ParameterValue.Of)];

    /// <summary>
    /// Every value of a parameter that has finitely many: the choices of a choice parameter, false and true for a
    /// boolean, every whole number in the range of an integer parameter.
    /// </summary>
    /// <exception cref="TwinLabException">A real parameter, or an integer one without finite bounds.</exception>
    public static IReadOnlyList<ParameterValue> All(ParameterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            ParameterKind.Boolean => Booleans(),
            ParameterKind.Choice when spec.Choices is { Count: > 0 } choices => [.. choices.Select(ParameterValue.Of)],
            ParameterKind.Integer when double.IsFinite(spec.Min) && double.IsFinite(spec.Max) =>
                Range(Math.Ceiling(spec.Min), Math.Floor(spec.Max), 1),
            _ => throw Fail($"parameter '{spec.Name}' does not have a finite set of values; give a list or a range"),
        };
    }

    /// <summary>
    /// A computed grid value rounded to 15 significant digits, so 0.1·3 reads as 0.3 rather than 0.30000000000000004
    /// (callers compute from + i·step rather than adding repeatedly, so the error never accumulates beyond that).
    /// </summary>
    internal static ParameterValue Clean(double value) =>
        ParameterValue.Of(double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    private static TwinLabException Fail(string why) => new(ErrorCodes.InvalidArgument, $"Sweep: {why}.");
}
