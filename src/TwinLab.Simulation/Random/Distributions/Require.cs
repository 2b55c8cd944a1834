namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// Parameter checks shared by the distributions and the arrival process. Each failure says what was wrong in the
/// words a scenario file uses ("rate must be > 0, got -1"), so the parser can repeat it verbatim.
/// </summary>
internal static class Require
{
    public static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw Fail(name, value, $"{name} must be a finite number, got {Invariant.Format(value)}");

    public static double Positive(double value, string name) =>
        Finite(value, name) > 0 ? value : throw Fail(name, value, $"{name} must be > 0, got {Invariant.Format(value)}");

    public static double NonNegative(double value, string name) =>
        Finite(value, name) >= 0 ? value : throw Fail(name, value, $"{name} must be >= 0, got {Invariant.Format(value)}");

    public static double Probability(double value, string name) =>
        Finite(value, name) is >= 0 and <= 1 ? value : throw Fail(name, value, $"{name} must be in [0, 1], got {Invariant.Format(value)}");

    /// <summary>Checks <paramref name="lower"/> &lt; <paramref name="upper"/>, blaming the upper one.</summary>
    public static void Less(double lower, string lowerName, double upper, string upperName)
    {
        Finite(lower, lowerName);
        Finite(upper, upperName);
        if (!(lower < upper))
            throw Fail(upperName, upper,
                $"{lowerName} must be < {upperName}, got {lowerName}={Invariant.Format(lower)}, {upperName}={Invariant.Format(upper)}");
    }

    public static ParameterException Fail(string name, object? actual, string reason) => new(name, actual, reason);

    /// <summary>
    /// An out-of-range parameter. Keeps the bare <see cref="Reason"/> because <see cref="ArgumentException.Message"/>
    /// appends the parameter name and value, which reads badly inside a parse error.
    /// </summary>
    internal sealed class ParameterException(string name, object? actual, string reason)
        : ArgumentOutOfRangeException(name, actual, reason)
    {
        public string Reason { get; } = reason;
    }
}
