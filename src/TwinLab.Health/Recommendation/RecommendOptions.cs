using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;

namespace TwinLab.Health.Recommendation;

/// <summary>What the recommender searches and how it ranks and reports.</summary>
public sealed record RecommendOptions
{
    /// <summary>The default options.</summary>
    public static RecommendOptions Default { get; } = new();

    /// <summary>Start day, weeks, samples (default 1,000), seed, target and noise of every prediction.</summary>
    public PredictionOptions Prediction { get; init; } = PredictionOptions.Default;

    /// <summary>The ranking weights.</summary>
    public ScoreWeights Weights { get; init; } = ScoreWeights.Default;

    /// <summary>The drugs searched (every drug of each class, at half, standard and double dose).</summary>
    public DrugCatalogue Catalogue { get; init; } = DrugCatalogue.Default;

    /// <summary>The most drugs in a regimen (1 to 3; at most one per class).</summary>
    public int MaxDrugs { get; init; } = 3;

    /// <summary>How many top choices (class-and-dose patterns) are explained with full predictions.</summary>
    public int TopCount { get; init; } = 5;

    /// <summary>The person counts as at target on their current regimen when its predicted P(target) is at least this.</summary>
    public double AtTargetProbability { get; init; } = 0.8;

    /// <summary>A step-down option must keep P(target) at least this.</summary>
    public double StepDownProbability { get; init; } = 0.7;

    /// <summary>Whether to spread the regimens over threads (the result is the same either way).</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>Checks the options, naming the first bad field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        Prediction.Validate();
        Weights.Validate();
        if (MaxDrugs is < 1 or > 3) throw new ArgumentException("MaxDrugs: between 1 and 3.", nameof(MaxDrugs));
        if (TopCount is < 1 or > 100) throw new ArgumentException("TopCount: between 1 and 100.", nameof(TopCount));
        if (!(AtTargetProbability is > 0 and <= 1)) throw new ArgumentException("AtTargetProbability: in (0, 1].", nameof(AtTargetProbability));
        if (!(StepDownProbability is > 0 and <= 1)) throw new ArgumentException("StepDownProbability: in (0, 1].", nameof(StepDownProbability));
    }
}
