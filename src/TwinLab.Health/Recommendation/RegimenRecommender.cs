using System.Globalization;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;

namespace TwinLab.Health.Recommendation;

/// <summary>
/// Tries every regimen of one to three drugs on a person's twin and ranks the allowed ones by the chance of reaching
/// target, the side-effect burden and the pill count; explains the top choices, the exclusions and the notable losers,
/// and, for a person already at target, lists step-down options.
/// </summary>
/// <remarks>
/// Every regimen is predicted with the same posterior samples and noise draws (common random numbers), so the ranking
/// compares regimens, not luck. Safety exclusions are enforced before scoring: an excluded regimen never enters the
/// ranking. Drugs of one class share Law 2003's class effect, so the ranking is grouped into class-and-dose patterns
/// (<see cref="RegimenChoice"/>) whose best drug is shown with the others named. The result does not depend on
/// <see cref="RecommendOptions.Parallel"/> or the number of threads.
/// </remarks>
public static class RegimenRecommender
{
    /// <summary>Recommends regimens for a person.</summary>
    /// <param name="patient">The person: conditions and labs (safety, side effects), medication history and readings.</param>
    /// <param name="posterior">What the twin believes about the person's untreated BP and drug sensitivities.</param>
    /// <param name="options">Search, ranking and prediction options; null for <see cref="RecommendOptions.Default"/>.</param>
    public static Recommendation Recommend(PatientProfile patient, PhysiologyPosterior posterior, RecommendOptions? options = null)
    {
        options ??= RecommendOptions.Default;
        options.Validate();
        var engine = new PredictionEngine(patient, posterior, options.Prediction);
        var today = engine.Start;
        var weights = options.Weights;
        var candidates = RegimenSearch.All(options.Catalogue, options.MaxDrugs);

        // Build each class course once, before the parallel loop, so the loop only reads.
        foreach (var single in candidates.Where(c => c.PillCount == 1)) engine.NewCourses(single);

        var results = new Evaluation[candidates.Count];
        void Evaluate(int i)
        {
            var regimen = candidates[i];
            var findings = SafetyRules.Check(regimen, patient, today);
            results[i] = SafetyRules.IsExcluded(findings)
                ? new Evaluation(findings, null, null)
                : new Evaluation(findings, SideEffectModel.Estimate(regimen, patient), engine.ProbabilityAtTarget(regimen));
        }
        if (options.Parallel) System.Threading.Tasks.Parallel.For(0, candidates.Count, Evaluate);
        else for (var i = 0; i < candidates.Count; i++) Evaluate(i);

        var excluded = new List<ExcludedRegimen>();
        var scored = new List<RankedRegimen>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var r = results[i];
            if (r.Probabilities is null) { excluded.Add(new ExcludedRegimen(candidates[i], r.Findings)); continue; }
            scored.Add(Rank(0, candidates[i], engine.Weeks, r.Probabilities, r.SideEffects!, r.Findings, weights));
        }
        var ranking = scored
            .OrderByDescending(r => r.Score.Total)
            .ThenBy(r => r.Regimen.ToString(), StringComparer.Ordinal)
            .Select((r, i) => r with { Rank = i + 1 })
            .ToArray();
        var byRule = excluded
            .SelectMany(e => e.Findings.Where(f => f.Severity == SafetySeverity.Excluded).Select(f => f.Rule).Distinct())
            .GroupBy(rule => rule, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var choices = Choices(ranking, engine, options.TopCount);
        var current = AssessCurrent(patient, engine, ranking, options);
        var stepDown = current.AtTarget && !current.Regimen.IsEmpty ? StepDown(patient, engine, current.Regimen, options) : [];
        var losers = NotableLosers(ranking, choices, excluded, current, options.TopCount);

        return new Recommendation(patient.Id, today, engine.Target, weights, candidates.Count, ranking, choices, excluded, byRule,
            losers, current, stepDown, posterior.FromPopulationOnly, RecommendationText.Uncertainty(posterior), engine.Count, options.Prediction.Seed)
        {
            StrongestAllowed = Strongest(ranking, posterior),
        };
    }

    /// <summary>
    /// The allowed regimen most likely to reach target; among equal chances (all near zero for a resistant BP) the one
    /// expected to lower systolic BP most for the twin's mean physiology (Law 2003 class effects × sensitivity).
    /// </summary>
    private static RankedRegimen? Strongest(RankedRegimen[] ranking, PhysiologyPosterior posterior)
    {
        if (ranking.Length == 0) return null;
        var mean = posterior.MeanPhysiology;
        var clinic = HomeBp.ToClinic(mean.UntreatedHome);
        double Drop(Regimen regimen) => regimen.Items.Sum(i =>
            Law2003.Reduction(i.Drug.Class, i.RelativeDose, clinic.Systolic, clinic.Diastolic).Systolic * mean.SensitivityTo(i.Drug.Class));
        return ranking.MaxBy(r => (Math.Round(r.ProbabilityAtTarget, 3), Drop(r.Regimen), -r.Rank));
    }

    private sealed record Evaluation(IReadOnlyList<SafetyFinding> Findings, SideEffectEstimate? SideEffects, double[]? Probabilities);

    private static RankedRegimen Rank(int rank, Regimen regimen, int[] weeks, double[] probabilities, SideEffectEstimate sideEffects,
        IReadOnlyList<SafetyFinding> findings, ScoreWeights w)
    {
        var cautions = findings.Where(f => f.Severity == SafetySeverity.Caution).ToArray();
        var burden = sideEffects.AnySymptomatic + w.NamedEffect * sideEffects.Effects.Sum(e => e.Probability);
        var parts = new ScoreParts(
            w.Target * probabilities[^1],
            w.Speed * probabilities.Average(),
            -w.SideEffects * burden,
            -w.Caution * cautions.Length,
            -w.Pill * regimen.PillCount);
        return new RankedRegimen(rank, regimen, RegimenSearch.Pattern(regimen), weeks, probabilities, sideEffects, burden, cautions, parts);
    }

    private static RegimenChoice[] Choices(RankedRegimen[] ranking, PredictionEngine engine, int top)
    {
        var groups = ranking.GroupBy(r => r.Pattern, StringComparer.Ordinal).ToArray(); // in order of each group's best
        var choices = new RegimenChoice[groups.Length];
        for (var g = 0; g < groups.Length; g++)
        {
            var members = groups[g].ToArray();
            BpPrediction? prediction = null;
            var explanation = "";
            if (g < top)
            {
                prediction = engine.Predict(members[0].Regimen);
                var next = g + 1 < groups.Length ? groups[g + 1].First() : null;
                explanation = RecommendationText.ExplainChoice(g + 1, members[0], members[1..], prediction, next);
            }
            choices[g] = new RegimenChoice(g + 1, groups[g].Key, members[0], members[1..], prediction, explanation);
        }
        return choices;
    }

    private static CurrentRegimenAssessment AssessCurrent(PatientProfile patient, PredictionEngine engine, RankedRegimen[] ranking, RecommendOptions options)
    {
        var regimen = patient.CurrentRegimen;
        var prediction = engine.Predict(regimen);
        var rank = ranking.FirstOrDefault(r => r.Regimen.Equals(regimen))?.Rank;
        var home = patient.Readings.Where(r => r.Setting == ReadingSetting.Home).ToArray();
        BpChange? recent = null;
        var count = 0;
        if (home.Length > 0)
        {
            var last = home.Max(r => r.Day);
            var window = home.Where(r => r.Day > last.AddDays(-14)).ToArray();
            count = window.Length;
            if (count >= 4) recent = new BpChange(window.Average(r => r.Systolic), window.Average(r => r.Diastolic));
        }
        var p = prediction.Horizons[^1].ProbabilityAtTarget;
        var byPrediction = p >= options.AtTargetProbability;
        var byReadings = recent is { } avg && engine.Target.IsMet(avg.Systolic, avg.Diastolic);
        var inv = CultureInfo.InvariantCulture;
        var reasons = new List<string>
        {
            string.Create(inv, $"predicted P(target) at week {engine.Weeks[^1]} on the current regimen {RecommendationText.Pct(p)} (threshold {RecommendationText.Pct(options.AtTargetProbability)})"),
            recent is { } a
                ? string.Create(inv, $"home average of the last 2 weeks {a.Systolic:0}/{a.Diastolic:0} mmHg over {count} readings {(byReadings ? "below" : "not below")} the target {engine.Target.Home.Systolic:0}/{engine.Target.Home.Diastolic:0}")
                : $"too few home readings in the last 2 weeks ({count}) to judge from readings",
        };
        var atTarget = byPrediction || byReadings;
        var reason = (atTarget ? "At target: " : "Not at target: ") + string.Join("; ", reasons) + ".";
        return new CurrentRegimenAssessment(regimen, prediction, rank, recent, count, atTarget, reason)
        {
            Safety = SafetyRules.Check(regimen, patient, engine.Start),
        };
    }

    private static StepDownOption[] StepDown(PatientProfile patient, PredictionEngine engine, Regimen current, RecommendOptions options)
    {
        // For each current drug: keep it, lower it to a Law 2003 level below its dose, or stop it.
        var choices = current.Items.Select(item =>
            new RegimenItem?[] { item, null }
                .Concat(Enum.GetValues<DoseLevel>().Select(l => item.Drug.DoseMg(l)).Where(d => d < item.DoseMg - 1e-9).Select(d => (RegimenItem?)new RegimenItem(item.Drug, d)))
                .ToArray()).ToArray();
        var found = new List<(StepDownOption Option, double Burden)>();
        var seen = new HashSet<Regimen>();
        var pick = new RegimenItem?[choices.Length];
        void Walk(int i)
        {
            if (i == choices.Length)
            {
                var regimen = new Regimen(pick.OfType<RegimenItem>());
                if (regimen.Equals(current) || !seen.Add(regimen)) return;
                var findings = SafetyRules.Check(regimen, patient, engine.Start);
                if (SafetyRules.IsExcluded(findings)) return;
                var p = engine.ProbabilityAtTarget(regimen)[^1];
                if (p < options.StepDownProbability) return;
                var se = SideEffectModel.Estimate(regimen, patient);
                var burden = se.AnySymptomatic + options.Weights.NamedEffect * se.Effects.Sum(e => e.Probability);
                found.Add((new StepDownOption(regimen, Change(current, regimen), p, se,
                    findings.Where(f => f.Severity == SafetySeverity.Caution).ToArray(), null), burden));
                return;
            }
            foreach (var choice in choices[i]) { pick[i] = choice; Walk(i + 1); }
        }
        Walk(0);
        return found
            .OrderBy(f => f.Option.PillCount)
            .ThenBy(f => f.Burden)
            .ThenByDescending(f => f.Option.ProbabilityAtTarget)
            .ThenBy(f => f.Option.Regimen.ToString(), StringComparer.Ordinal)
            .Select((f, i) => i < options.TopCount ? f.Option with { Prediction = engine.Predict(f.Option.Regimen) } : f.Option)
            .ToArray();
    }

    private static string Change(Regimen from, Regimen to)
    {
        var parts = new List<string>();
        foreach (var item in from.Items)
        {
            var kept = to.Items.FirstOrDefault(i => i.Drug == item.Drug);
            if (kept is null) parts.Add($"stop {item}");
            else if (!kept.DoseMg.Equals(item.DoseMg)) parts.Add($"{item} → {kept.DoseMg.ToString("0.###", CultureInfo.InvariantCulture)}mg");
        }
        return string.Join("; ", parts);
    }

    private static LoserNote[] NotableLosers(RankedRegimen[] ranking, RegimenChoice[] choices, List<ExcludedRegimen> excluded,
        CurrentRegimenAssessment current, int top)
    {
        var notes = new List<LoserNote>();
        if (ranking.Length == 0) return [.. ExcludedNotes(excluded)];
        var winner = ranking[0];
        var topPatterns = choices.Take(top).Select(c => c.Pattern).ToHashSet(StringComparer.Ordinal);
        var mentioned = new HashSet<Regimen>();

        var strongest = ranking.MaxBy(r => (r.ProbabilityAtTarget, -r.Rank))!;
        if (!topPatterns.Contains(strongest.Pattern) && mentioned.Add(strongest.Regimen))
            notes.Add(new LoserNote(strongest.Regimen, strongest.Rank,
                $"The most likely to reach target ({RecommendationText.Pct(strongest.ProbabilityAtTarget)}), but ranked #{strongest.Rank}: {RecommendationText.WhyLower(strongest, winner)}."));

        if (current.Rank is { } currentRank && !topPatterns.Contains(RegimenSearch.Pattern(current.Regimen)) && mentioned.Add(current.Regimen))
        {
            var mine = ranking[currentRank - 1];
            notes.Add(new LoserNote(mine.Regimen, mine.Rank, $"The current regimen ranks #{mine.Rank}: {RecommendationText.WhyLower(mine, winner)}."));
        }

        // The best single drug of each class, when no top choice is that monotherapy.
        foreach (var drugClass in DrugClassNames.All)
        {
            var mono = ranking.FirstOrDefault(r => r.PillCount == 1 && r.Regimen.Items[0].Drug.Class == drugClass);
            if (mono is null || topPatterns.Contains(mono.Pattern) || !mentioned.Add(mono.Regimen)) continue;
            notes.Add(new LoserNote(mono.Regimen, mono.Rank,
                $"Best {drugClass.Name()} alone, ranked #{mono.Rank}: {RecommendationText.WhyLower(mono, winner)}."));
        }
        notes.AddRange(ExcludedNotes(excluded));
        return [.. notes];
    }

    private static IEnumerable<LoserNote> ExcludedNotes(List<ExcludedRegimen> excluded) =>
        excluded
            .SelectMany(e => e.Findings.Where(f => f.Severity == SafetySeverity.Excluded).Select(f => (Rule: f.Rule, Finding: f, e.Regimen)))
            .GroupBy(x => x.Rule, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.OrderBy(x => x.Regimen.PillCount).First();
                return new LoserNote(first.Regimen, null,
                    $"Excluded ({g.Count()} regimens, rule {g.Key}): {first.Finding.Explanation} [{first.Finding.Source}].");
            });
}
