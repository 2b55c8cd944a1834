using System.Globalization;

namespace TwinLab.Simulation.Random.Distributions;

/// <summary>Number formatting for <c>ToString</c> and messages: invariant culture, shortest round-trip form.</summary>
internal static class Invariant
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
