using System.Globalization;
using System.Text;
using TwinLab.Health.Calibration;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.SideEffects;

namespace TwinLab.Health.Recommendation;

/// <summary>The words of a recommendation: explanations of the top choices, of the losers and of the uncertainty.</summary>
internal static class RecommendationText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Explains one top choice: predicted BP, P(target), side effects, cautions, alternatives, and what it beats.</summary>
    public static string ExplainChoice(int rank, RankedRegimen best, IReadOnlyList<RankedRegimen> alternatives, BpPrediction prediction, RankedRegimen? next)
    {
        var text = new StringBuilder();
        text.Append(Inv, $"{rank}. {best.Regimen} ({best.PillCount} pill{(best.PillCount == 1 ? "" : "s")} a day; pattern {best.Pattern}; overall rank #{best.Rank}).");
        text.Append(" Predicted week-average home BP, median (80% interval):");
        foreach (var h in prediction.Horizons)
            text.Append(Inv, $" week {h.Weeks} {h.Systolic.Median:0}/{h.Diastolic.Median:0} ({h.Systolic.Low:0}–{h.Systolic.High:0}/{h.Diastolic.Low:0}–{h.Diastolic.High:0}), P(target) {Pct(h.ProbabilityAtTarget)};");
        text.Append(' ').Append(SideEffectText(best.SideEffects)).Append('.');
        text.Append(best.Cautions.Count == 0 ? " No safety cautions." : " Cautions: " + string.Join("; ", best.Cautions.Select(c => c.Explanation.TrimEnd('.'))) + ".");
        if (alternatives.Count > 0)
        {
            var named = alternatives.Take(4).Select(a => $"{a.Regimen} ({WorseOn(a, best)})");
            text.Append(" Alternatives with the same class effect (Law 2003), where time course, side effects and cautions decide: ")
                .Append(string.Join(", ", named));
            if (alternatives.Count > 4) text.Append(Inv, $", and {alternatives.Count - 4} more");
            text.Append('.');
        }
        if (next is not null) text.Append(" Ranks above ").Append(next.Regimen).Append(": ").Append(Compare(best, next)).Append('.');
        return text.ToString();
    }

    /// <summary>Why <paramref name="a"/> scores above <paramref name="b"/>: the parts where it is better, then where it is worse.</summary>
    public static string Compare(RankedRegimen a, RankedRegimen b)
    {
        var parts = Parts(a, b);
        var better = parts.Where(p => p.Delta > 1e-9).OrderByDescending(p => p.Delta).Select(p => p.Text).ToArray();
        var worse = parts.Where(p => p.Delta < -1e-9).OrderBy(p => p.Delta).Select(p => p.Text).ToArray();
        var text = better.Length == 0 ? "an equal score (order by name)" : "better on " + string.Join(", ", better);
        if (worse.Length > 0) text += "; worse on " + string.Join(", ", worse);
        return text + string.Create(Inv, $" (score {a.Score.Total:0.000} vs {b.Score.Total:0.000})");
    }

    /// <summary>Why a loser ranks below a winner: the parts where it is worse.</summary>
    public static string WhyLower(RankedRegimen loser, RankedRegimen winner)
    {
        var worse = Parts(winner, loser).Where(p => p.Delta > 1e-9).OrderByDescending(p => p.Delta).Select(p => p.Text).ToArray();
        return worse.Length == 0 ? "ties with the top choice" : string.Create(Inv, $"against the top choice ({winner.Regimen}): ") + string.Join(", ", worse);
    }

    /// <summary>The side effects in a sentence.</summary>
    public static string SideEffectText(SideEffectEstimate estimate)
    {
        var text = $"Any symptomatic side effect {Pct(estimate.AnySymptomatic)} above placebo";
        var named = estimate.Effects.Where(e => e.Probability >= 0.005).Take(4).Select(e => $"{e.Name} {Pct(e.Probability)}").ToArray();
        return named.Length == 0 ? text : text + " (" + string.Join(", ", named) + ")";
    }

    /// <summary>How sure the twin is: loud when it has seen no response to treatment.</summary>
    public static string Uncertainty(PhysiologyPosterior posterior)
    {
        var sens = string.Join(", ", DrugClassNames.All.Select(c =>
        {
            var i = PhysiologyPosterior.SensitivityIndex(c);
            return string.Create(Inv, $"{c.Name()} {posterior.Mean[i]:0.00} ± {posterior.Sd(i):0.00}");
        }));
        var untreated = string.Create(Inv,
            $"untreated home BP {posterior.Mean[0]:0}/{posterior.Mean[1]:0} ± {posterior.Sd(0):0}/{posterior.Sd(1):0} mmHg");
        if (posterior.FromPopulationOnly)
        {
            return "POPULATION PRIOR ONLY — NOT PERSONALISED: the twin has seen no response to treatment in this person, so every " +
                   "prediction is the population-average effect (Law 2003) with an assumed person-to-person spread of each " +
                   $"class's effect. This person's true response may be much larger or smaller. ({posterior.Evidence}; {untreated}; " +
                   $"sensitivity per class, mean ± SD: {sens}.) Recheck home BP 4 weeks after any change and recalibrate.";
        }
        return $"Calibrated to this person: {posterior.Evidence}; {untreated}; sensitivity per class (1 = population average), " +
               $"mean ± SD: {sens}. The 80% intervals include this uncertainty.";
    }

    /// <summary>A probability as a whole percentage.</summary>
    public static string Pct(double p) => (p * 100).ToString("0", Inv) + "%";

    private static string WorseOn(RankedRegimen alternative, RankedRegimen best)
    {
        var worse = Parts(best, alternative).Where(p => p.Delta > 1e-9).OrderByDescending(p => p.Delta).Select(p => p.Short).ToArray();
        return worse.Length == 0
            ? "equal score"
            : (alternative.Score.Total - best.Score.Total > -0.0005
                ? "score lower by less than 0.001: lower on "
                : string.Create(Inv, $"score {alternative.Score.Total - best.Score.Total:0.000}: lower on ")) + string.Join(", ", worse);
    }

    private static (double Delta, string Text, string Short)[] Parts(RankedRegimen a, RankedRegimen b) =>
    [
        (a.Score.Target - b.Score.Target, $"P(target) at week {a.Weeks[^1]} {Pct(a.ProbabilityAtTarget)} vs {Pct(b.ProbabilityAtTarget)}", "P(target)"),
        (a.Score.Speed - b.Score.Speed, $"speed (mean P(target) over weeks {Pct(a.ProbabilityByWeek.Average())} vs {Pct(b.ProbabilityByWeek.Average())})", "speed"),
        (a.Score.SideEffects - b.Score.SideEffects, $"side-effect burden {Pct(a.SideEffectBurden)} vs {Pct(b.SideEffectBurden)}", "side effects"),
        (a.Score.Cautions - b.Score.Cautions, $"safety cautions {a.Cautions.Count} vs {b.Cautions.Count}", "cautions"),
        (a.Score.Pills - b.Score.Pills, $"pills {a.PillCount} vs {b.PillCount}", "pills"),
    ];
}
