using TwinLab.Health.Prediction;

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

    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;
}
