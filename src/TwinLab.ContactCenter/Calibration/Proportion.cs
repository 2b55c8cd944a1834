namespace TwinLab.ContactCenter.Calibration;

/// <summary>An observed share with its Wilson score confidence interval.</summary>
/// <param name="Successes">Contacts with the property.</param>
/// <param name="Trials">Contacts where it was known.</param>
/// <param name="Estimate">Successes / trials.</param>
/// <param name="Lower">Lower confidence limit.</param>
/// <param name="Upper">Upper confidence limit.</param>
public sealed record Proportion(int Successes, int Trials, double Estimate, double Lower, double Upper)
{
    /// <summary>The share <paramref name="successes"/>/<paramref name="trials"/> with its Wilson (1927) interval; null when trials = 0.</summary>
    internal static Proportion? Of(int successes, int trials, double confidence)
    {
        if (trials == 0) return null;
        var (lower, upper) = ConfidenceIntervals.Wilson(successes, trials, confidence);
        return new Proportion(successes, trials, (double)successes / trials, lower, upper);
    }
}
