using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;

namespace TwinLab.Health.Recommendation;

/// <summary>The ranked regimens for one person, the top choices explained, the exclusions, step-down options and the uncertainty.</summary>
/// <param name="PatientId">Whose.</param>
/// <param name="StartDay">The day every regimen is assumed to start.</param>
/// <param name="Target">The target.</param>
/// <param name="Weights">The ranking weights used.</param>
/// <param name="Searched">Regimens searched: every combination of one to MaxDrugs classes, every drug of each, at three doses.</param>
/// <param name="Ranking">Every allowed regimen, best first.</param>
/// <param name="Choices">Class-and-dose patterns, best first; the first <see cref="RecommendOptions.TopCount"/> carry a prediction and an explanation.</param>
/// <param name="Excluded">The regimens the safety rules exclude, with reasons.</param>
/// <param name="ExclusionsByRule">How many regimens each excluding rule removed (a regimen can count under several).</param>
/// <param name="NotableLosers">Regimens a clinician might expect near the top, and why they are not.</param>
/// <param name="Current">The current regimen's own prediction and whether the person is at target.</param>
/// <param name="StepDown">Fewer drugs or lower doses that keep P(target) ≥ the threshold, fewest pills and side effects first (empty when not at target).</param>
/// <param name="FromPopulationOnly">True when the posterior is the population prior: every figure is a population average.</param>
/// <param name="Uncertainty">How sure the twin is, stated loudly when it has seen no response to treatment.</param>
/// <param name="Samples">Posterior samples per regimen (the same samples for all: common random numbers).</param>
/// <param name="Seed">The seed that reproduces this.</param>
public sealed record Recommendation(
    string PatientId,
    DateOnly StartDay,
    BpTarget Target,
    ScoreWeights Weights,
    int Searched,
    IReadOnlyList<RankedRegimen> Ranking,
    IReadOnlyList<RegimenChoice> Choices,
    IReadOnlyList<ExcludedRegimen> Excluded,
    IReadOnlyDictionary<string, int> ExclusionsByRule,
    IReadOnlyList<LoserNote> NotableLosers,
    CurrentRegimenAssessment Current,
    IReadOnlyList<StepDownOption> StepDown,
    bool FromPopulationOnly,
    string Uncertainty,
    int Samples,
    ulong Seed)
{
    /// <summary>The top choices: the explained patterns.</summary>
    public IEnumerable<RegimenChoice> TopChoices => Choices.Where(c => c.Prediction is not null);

    /// <summary>The allowed regimen most likely to reach target, and among equal chances the one expected to lower BP most; null when none is allowed.</summary>
    public RankedRegimen? StrongestAllowed { get; init; }

    /// <summary>Below this best P(target) at the last week, <see cref="TargetWarning"/> warns (our choice: less likely than not).</summary>
    public const double LikelyProbability = 0.5;

    /// <summary>
    /// A warning when no allowed regimen is more likely than not to reach target: the score then weighs small chances
    /// against side effects, so the top choices need not be the regimens that lower BP most — the most effective allowed
    /// regimen is named. Null when some allowed regimen reaches target with P ≥ <see cref="LikelyProbability"/>.
    /// </summary>
    public string? TargetWarning
    {
        get
        {
            const string Outside = "the twin covers five drug classes only: consider treatment outside them (for example spironolactone in resistant hypertension, labetalol or methyldopa in pregnancy) and specialist advice";
            if (Ranking.Count == 0) return $"No regimen is allowed for this person by the safety rules; {Outside}.";
            var strongest = StrongestAllowed ?? Ranking.MaxBy(r => (r.ProbabilityAtTarget, -r.Rank))!;
            if (strongest.ProbabilityAtTarget >= LikelyProbability) return null;
            var p = (strongest.ProbabilityAtTarget * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            return $"No allowed regimen is likely to reach the target: the strongest, {strongest.Regimen} (ranked #{strongest.Rank}), has a {p}% chance. " +
                $"With chances this low the ranking favours fewer side effects, so the top choices may lower BP less than that regimen; {Outside}.";
        }
    }

    /// <summary>Where the current regimen stands: its rank among the allowed regimens and the choice (class-and-dose pattern) it belongs to.</summary>
    public string CurrentStanding
    {
        get
        {
            if (Current.Excluded)
                return $"EXCLUDED for this person, change it (rule {string.Join(", ", Current.Safety.Where(f => f.Severity == SafetySeverity.Excluded).Select(f => f.Rule).Distinct())})";
            if (Current.Rank is not { } rank) return Current.Regimen.IsEmpty ? "no treatment" : "not one of the searched regimens (one to three drugs of different classes at half, standard or double dose)";
            var choice = Choices.FirstOrDefault(c => c.Best.Regimen.Equals(Current.Regimen) || c.Alternatives.Any(a => a.Regimen.Equals(Current.Regimen)));
            return $"regimen #{rank} of {Ranking.Count} allowed" + (choice is null ? "" : $"; its class-and-dose pattern is choice #{choice.Rank}");
        }
    }

    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;
}
