namespace TwinLab.Health.Recommendation;

/// <summary>
/// How the ranking weighs the chance of reaching target against side effects, cautions and pills. The score is
/// <c>Target × P(target at the last week) + Speed × mean P(target over the reported weeks) − SideEffects × burden −
/// Caution × cautions − Pill × pills</c>, where burden = P(any symptomatic side effect) + NamedEffect × Σ P(named effect).
/// </summary>
/// <remarks>
/// The defaults are value judgements, not published figures: a percentage point of chance of reaching target is worth
/// a percentage point of chance of a symptomatic side effect; named effects (which overlap the "any symptomatic" figure
/// and include laboratory effects such as hypokalaemia) count half; a caution costs as much as 5 points of target
/// probability; each extra daily pill costs 3 points (adherence falls with pill count — Gupta P et al., Hypertension
/// 2017 — but the size of the penalty is our assumption); reaching target sooner is worth a little (Speed 0.1), which is
/// what separates drugs of one class whose effects build up at different speeds.
/// </remarks>
public sealed record ScoreWeights
{
    /// <summary>The default weights (see remarks).</summary>
    public static ScoreWeights Default { get; } = new();

    /// <summary>Weight of the probability of reaching target at the last reported week.</summary>
    public double Target { get; init; } = 1.0;

    /// <summary>Weight of the mean probability of reaching target over all reported weeks (rewards a faster effect).</summary>
    public double Speed { get; init; } = 0.1;

    /// <summary>Weight of the expected side-effect burden.</summary>
    public double SideEffects { get; init; } = 1.0;

    /// <summary>How much the named effects' probabilities add to the burden, relative to the any-symptomatic probability.</summary>
    public double NamedEffect { get; init; } = 0.5;

    /// <summary>Penalty per caution finding of the safety rules: 0.1, so a caution costs as much as ten points of P(target) — a
    /// regimen a guideline says to use "only if no alternative" should not win on a few points of P(target).</summary>
    public double Caution { get; init; } = 0.1;

    /// <summary>Penalty per daily pill.</summary>
    public double Pill { get; init; } = 0.03;

    /// <summary>Checks that every weight is a finite non-negative number.</summary>
    /// <exception cref="ArgumentException">A weight is negative or not finite; the message names it.</exception>
    public void Validate()
    {
        foreach (var (name, value) in new[] { ("Target", Target), ("Speed", Speed), ("SideEffects", SideEffects), ("NamedEffect", NamedEffect), ("Caution", Caution), ("Pill", Pill) })
        {
            if (!double.IsFinite(value) || value < 0) throw new ArgumentException($"ScoreWeights.{name}: expected a finite number ≥ 0, got {value}.", name);
        }
    }
}
