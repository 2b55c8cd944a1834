using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Prediction;

/// <summary>How a prediction is made: when the new regimen starts, which weeks to report, how many posterior samples.</summary>
public sealed record PredictionOptions
{
    /// <summary>The default options.</summary>
    public static PredictionOptions Default { get; } = new();

    /// <summary>The day the new regimen starts; null for the day after the person's last reading.</summary>
    public DateOnly? StartDay { get; init; }

    /// <summary>The weeks after the start at which to report the week-average home BP (week k is days 7(k−1) to 7k−1).</summary>
    public IReadOnlyList<int> HorizonWeeks { get; init; } = [4, 8, 12];

    /// <summary>Number of people drawn from the posterior (and of noise draws per week).</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Seed: the same seed gives the same samples and so the same answer.</summary>
    public ulong Seed { get; init; } = 20260101;

    /// <summary>The target; null for <see cref="BpTarget.AccAha2017"/>.</summary>
    public BpTarget? Target { get; init; }

    /// <summary>The day-to-day and measurement noise of home readings.</summary>
    public NoiseModel Noise { get; init; } = NoiseModel.Default;

    /// <summary>
    /// Correlation of the systolic and diastolic noise of a week average. An assumption: the two rise and fall together
    /// within a person from day to day; 0.5 is a moderate value (0 would treat them as independent).
    /// </summary>
    public double SystolicDiastolicNoiseCorrelation { get; init; } = 0.5;

    /// <summary>Checks the options, naming the first bad field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (HorizonWeeks.Count == 0 || HorizonWeeks.Any(w => w is < 1 or > 104))
            throw new ArgumentException("HorizonWeeks: give at least one week, each between 1 and 104.", nameof(HorizonWeeks));
        if (Samples is < 10 or > 1_000_000) throw new ArgumentException("Samples: between 10 and 1,000,000.", nameof(Samples));
        if (!(SystolicDiastolicNoiseCorrelation is >= -1 and <= 1))
            throw new ArgumentException("SystolicDiastolicNoiseCorrelation: between −1 and 1.", nameof(SystolicDiastolicNoiseCorrelation));
    }
}
