using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;

namespace TwinLab.Health.Recommendation;

/// <summary>One allowed regimen with its place in the ranking and what its score is made of.</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="Regimen">The regimen.</param>
/// <param name="Pattern">Its class-and-dose pattern, such as <c>ace-inhibitor standard + ccb double</c>; drugs of one pattern share Law 2003's class effect.</param>
/// <param name="Weeks">The reported weeks.</param>
/// <param name="ProbabilityByWeek">P(week-average home BP below target) at each of <paramref name="Weeks"/>.</param>
/// <param name="SideEffects">The side-effect estimate.</param>
/// <param name="SideEffectBurden">P(any symptomatic) + NamedEffect weight × Σ P(named effect).</param>
/// <param name="Cautions">The safety findings of severity caution.</param>
/// <param name="Score">The score parts.</param>
public sealed record RankedRegimen(
    int Rank,
    Regimen Regimen,
    string Pattern,
    IReadOnlyList<int> Weeks,
    IReadOnlyList<double> ProbabilityByWeek,
    SideEffectEstimate SideEffects,
    double SideEffectBurden,
    IReadOnlyList<SafetyFinding> Cautions,
    ScoreParts Score)
{
    /// <summary>P(target) at the last reported week, the one the ranking weighs most.</summary>
    public double ProbabilityAtTarget => ProbabilityByWeek[^1];

    /// <summary>Pills a day.</summary>
    public int PillCount => Regimen.PillCount;

    /// <summary>Always <see cref="HealthDisclaimer.Text"/>.</summary>
    public string Disclaimer => HealthDisclaimer.Text;

    /// <inheritdoc />
    public override string ToString() => $"#{Rank} {Regimen}: P(target) {ProbabilityAtTarget:P0}, side effects {SideEffects.AnySymptomatic:P0}, score {Score.Total:0.000}";
}
