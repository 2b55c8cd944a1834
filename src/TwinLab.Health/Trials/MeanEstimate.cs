using System.Globalization;

namespace TwinLab.Health.Trials;

/// <summary>An estimated mean with its confidence interval.</summary>
/// <param name="Mean">The estimate.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="Low">Lower end of the confidence interval.</param>
/// <param name="High">Upper end of the confidence interval.</param>
public readonly record struct MeanEstimate(double Mean, double StandardError, double Low, double High)
{
    /// <summary>Whether <paramref name="value"/> lies in the interval.</summary>
    public bool Covers(double value) => value >= Low && value <= High;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Mean:0.0} ({Low:0.0} to {High:0.0})");
}
