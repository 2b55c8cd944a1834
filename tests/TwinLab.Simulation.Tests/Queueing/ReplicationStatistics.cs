using MathNet.Numerics.Distributions;

namespace TwinLab.Simulation.Tests.Queueing;

/// <summary>Student-t confidence intervals over independent replication means (Law, <i>Simulation Modeling and Analysis</i>, 5th ed., 9.4.1).</summary>
internal static class ReplicationStatistics
{
    public static (double Low, double High) ConfidenceInterval(IReadOnlyList<double> values, double level)
    {
        var n = values.Count;
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var half = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2) * Math.Sqrt(variance / n);
        return (mean - half, mean + half);
    }
}
