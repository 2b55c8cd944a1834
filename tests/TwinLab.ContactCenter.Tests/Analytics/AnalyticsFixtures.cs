using TwinLab.ContactCenter.Analytics;

namespace TwinLab.ContactCenter.Tests.Analytics;

/// <summary>The shared worked example and comparison helpers.</summary>
internal static class AnalyticsFixtures
{
    /// <summary>The reference's worked check: 100 calls per 30 minutes at 180 s, i.e. 10 Erlangs.</summary>
    public static readonly Workload WorkedExample = new(100, TimeSpan.FromMinutes(30), 180);

    /// <summary>The value rounded to <paramref name="digits"/> significant digits (half away from zero, as tables print).</summary>
    public static double Significant(double value, int digits)
    {
        var scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale, MidpointRounding.AwayFromZero) / scale;
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance·|expected|.</summary>
    public static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"Expected {expected:R}, got {actual:R}.");
}
