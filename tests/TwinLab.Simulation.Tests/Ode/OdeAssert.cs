namespace TwinLab.Simulation.Tests.Ode;

/// <summary>Accuracy assertions that report the error found, not just that two doubles differ.</summary>
internal static class OdeAssert
{
    /// <summary>|actual − expected| ≤ tolerance·|expected|.</summary>
    public static void Relative(double expected, double actual, double tolerance)
    {
        var error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"expected {expected:R}, got {actual:R}: relative error {error:E2} > {tolerance:E0}");
    }

    /// <summary>‖actual − expected‖₂ ≤ tolerance·‖expected‖₂ (for states with components that pass through zero).</summary>
    public static void Relative(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0, size = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            size += expected[i] * expected[i];
        }
        var error = Math.Sqrt(difference / size);
        Assert.True(error <= tolerance, $"expected [{string.Join(", ", expected.ToArray())}], got [{string.Join(", ", actual.ToArray())}]: relative error {error:E2} > {tolerance:E0}");
    }
}
