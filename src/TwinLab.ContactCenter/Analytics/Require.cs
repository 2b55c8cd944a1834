namespace TwinLab.ContactCenter.Analytics;

/// <summary>Argument checks shared by the analytics API, so every bad input fails the same way and names its parameter.</summary>
internal static class Require
{
    /// <summary>A finite value ≥ 0 (NaN fails too, because every comparison with NaN is false).</summary>
    public static double NonNegativeFinite(double value, string name) =>
        value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be finite and not negative.");

    /// <summary>A finite value &gt; 0.</summary>
    public static double PositiveFinite(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be finite and positive.");

    /// <summary>A value in [0, 1): a shrinkage or a service-level target (1 itself can never be reached).</summary>
    public static double FractionBelowOne(double value, string name) =>
        value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be at least 0 and below 1.");

    /// <summary>A value in (0, 1]: a cap on a probability or on occupancy (0 can never be reached).</summary>
    public static double PositiveFraction(double value, string name) =>
        value is > 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be above 0 and at most 1.");
}
