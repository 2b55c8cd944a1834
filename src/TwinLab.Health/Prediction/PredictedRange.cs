namespace TwinLab.Health.Prediction;

/// <summary>A predicted quantity: its median and 80% interval (10th to 90th percentile), mmHg.</summary>
/// <param name="Median">The median.</param>
/// <param name="Low">The 10th percentile.</param>
/// <param name="High">The 90th percentile.</param>
public readonly record struct PredictedRange(double Median, double Low, double High)
{
    /// <summary>The width of the 80% interval.</summary>
    public double Width => High - Low;

    /// <inheritdoc />
    public override string ToString() => $"{Median:0} ({Low:0}–{High:0})";
}
