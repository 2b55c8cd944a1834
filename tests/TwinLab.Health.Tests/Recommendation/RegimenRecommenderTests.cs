using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Safety;
using static TwinLab.Health.Tests.Prediction.PredictionFixtures;

namespace TwinLab.Health.Tests.Recommendation;

public sealed class RegimenRecommenderTests
{
    // Two-drug searches keep the tests fast (966 regimens); the count test searches the full three-drug space.
    private static readonly RecommendOptions Fast = new() { Prediction = new PredictionOptions { Samples = 300 }, MaxDrugs = 2 };

    private static readonly BpChange Untreated = new(152, 95);

    private static Condition Active(ConditionKind kind, string display) => new(kind, display, "", new DateOnly(2025, 11, 1), true);

    [Theory]
    [InlineData(1, 48)]
    [InlineData(3, 9714)] // 16 drugs: 4 beta-blockers, 3 in each other class
    public void Recommend_SearchesEveryRegimenOfOneToThreeDrugs(int maxDrugs, int total)
    {
        var patient = Patient("count", Untreated);
        var recommendation = RegimenRecommender.Recommend(patient, Population(Untreated), Fast with { MaxDrugs = maxDrugs });

        // Independently: for each set of 1–3 classes, the product over its classes of (drugs in the class × 3 doses).
        var perClass = DrugClassNames.All.Select(c => DrugCatalogue.Default.OfClass(c).Count() * 3).ToArray();
        var expected = 0;
        for (var mask = 1; mask < 1 << perClass.Length; mask++)
        {
            var classes = Enumerable.Range(0, perClass.Length).Where(i => (mask & (1 << i)) != 0).ToArray();
            if (classes.Length > maxDrugs) continue;
            expected += classes.Aggregate(1, (product, i) => product * perClass[i]);
        }
        Assert.Equal(total, expected);
        Assert.Equal(expected, recommendation.Searched);
        Assert.Equal(expected, recommendation.Ranking.Count + recommendation.Excluded.Count);
        Assert.Equal(recommendation.Ranking.Count, recommendation.Ranking.Select(r => r.Regimen).Distinct().Count());
        Assert.All(recommendation.Ranking, r => Assert.Equal(r.Regimen.PillCount, r.Regimen.Classes.Count()));
        Assert.Equal(Enumerable.Range(1, recommendation.Ranking.Count), recommendation.Ranking.Select(r => r.Rank));
    }

    [Fact]
    public void Recommend_Pregnant_NoAceInhibitorOrArbInRanking()
    {
        var patient = Patient("pregnant", Untreated, null, Active(ConditionKind.Pregnancy, "Pregnancy, 14 weeks"));
        var recommendation = RegimenRecommender.Recommend(patient, Population(Untreated), Fast);
        Assert.DoesNotContain(recommendation.Ranking, r => r.Regimen.Classes.Any(c => c is DrugClass.AceInhibitor or DrugClass.Arb));
        Assert.NotEmpty(recommendation.Ranking);
        Assert.All(recommendation.Excluded, e => Assert.True(SafetyRules.IsExcluded(e.Findings)));
        Assert.Contains(recommendation.Excluded, e => e.Regimen.Equals(Regimen.Parse("lisinopril 10mg")));
        Assert.True(recommendation.ExclusionsByRule["acei-or-arb-in-pregnancy"] > 0);
        Assert.Contains(recommendation.NotableLosers, n => n.Rank is null && n.Reason.Contains("acei-or-arb-in-pregnancy"));
        Assert.All(recommendation.Choices, c => Assert.DoesNotContain(c.Alternatives, a => a.Regimen.Classes.Contains(DrugClass.Arb)));
    }

    [Fact]
    public void Recommend_Asthma_NoPropranolol()
    {
        var patient = Patient("asthma", Untreated, null, Active(ConditionKind.Asthma, "Asthma"));
        var recommendation = RegimenRecommender.Recommend(patient, Population(Untreated), Fast);
        Assert.DoesNotContain(recommendation.Ranking, r => r.Regimen.Items.Any(i => i.Drug.Name == "propranolol"));
        Assert.Contains(recommendation.Excluded, e => e.Regimen.Equals(Regimen.Parse("propranolol 160mg")));
        Assert.Contains(recommendation.Ranking, r => r.Regimen.Items.Any(i => i.Drug.Name == "bisoprolol"));
    }

    [Fact]
    public void Recommend_TwinVerySensitiveToCcb_PutsCcbOnTop()
    {
        var patient = Patient("ccb", new BpChange(150, 92));
        var posterior = Posterior(new BpChange(150, 92), [0.6, 0.6, 0.6, 0.6, 2.2], 2, 0.1);
        var recommendation = RegimenRecommender.Recommend(patient, posterior, Fast);
        var top = recommendation.Choices[0].Best;
        Assert.Contains(DrugClass.CalciumChannelBlocker, top.Regimen.Classes);
        Assert.Contains(DrugClass.CalciumChannelBlocker, recommendation.Ranking[0].Regimen.Classes);
        Assert.False(recommendation.FromPopulationOnly);
    }

    [Fact]
    public void Recommend_AtTargetOnTwoDrugs_OffersStepDown()
    {
        // Untreated 144/90; on amlodipine 10mg + lisinopril 20mg the home readings run about 122/76.
        var patient = Patient("stepdown", new BpChange(122, 76), "amlodipine 10mg + lisinopril 20mg");
        var posterior = Posterior(new BpChange(144, 90), Sensitivities(1.2), 2, 0.1);
        var recommendation = RegimenRecommender.Recommend(patient, posterior, Fast);
        Assert.True(recommendation.Current.AtTarget, recommendation.Current.AtTargetReason);
        Assert.Equal(Regimen.Parse("amlodipine 10mg + lisinopril 20mg"), recommendation.Current.Regimen);
        Assert.NotNull(recommendation.Current.RecentHomeAverage);
        Assert.NotEmpty(recommendation.StepDown);
        var current = recommendation.Current.Regimen;
        foreach (var option in recommendation.StepDown)
        {
            Assert.True(option.ProbabilityAtTarget >= 0.7);
            Assert.NotEqual(current, option.Regimen);
            Assert.All(option.Regimen.Items, i => Assert.Contains(current.Items, c => c.Drug == i.Drug && c.DoseMg >= i.DoseMg));
            Assert.False(string.IsNullOrEmpty(option.Change));
        }
        Assert.True(recommendation.StepDown.Zip(recommendation.StepDown.Skip(1)).All(p => p.First.PillCount <= p.Second.PillCount));
        Assert.NotNull(recommendation.StepDown[0].Prediction);
    }

    [Fact]
    public void Recommend_NotAtTarget_NoStepDown_AndCurrentPredicted()
    {
        var patient = Patient("uncontrolled", new BpChange(146, 91), "amlodipine 5mg");
        var recommendation = RegimenRecommender.Recommend(patient, Posterior(new BpChange(153, 96), Sensitivities(1), 2, 0.2), Fast);
        Assert.False(recommendation.Current.AtTarget);
        Assert.Empty(recommendation.StepDown);
        Assert.NotNull(recommendation.Current.Rank);
        Assert.Equal(3, recommendation.Current.Prediction.Horizons.Count);
    }

    [Fact]
    public void Recommend_PillWeight_ChangesRankingAsExpected()
    {
        var patient = Patient("weights", new BpChange(158, 98));
        var posterior = Population(new BpChange(158, 98));
        var free = RegimenRecommender.Recommend(patient, posterior, Fast with { Weights = new ScoreWeights { Pill = 0, SideEffects = 0, Caution = 0 } });
        var costly = RegimenRecommender.Recommend(patient, posterior, Fast with { Weights = new ScoreWeights { Pill = 1, SideEffects = 0, Caution = 0 } });
        Assert.Equal(2, free.Ranking[0].PillCount);
        Assert.Equal(1, costly.Ranking[0].PillCount);
        Assert.True(free.Ranking[0].ProbabilityAtTarget > costly.Ranking[0].ProbabilityAtTarget);
    }

    [Fact]
    public void Recommend_SideEffectWeight_FavoursFewerSideEffects()
    {
        var patient = Patient("side", new BpChange(150, 93));
        var posterior = Population(new BpChange(150, 93));
        var none = RegimenRecommender.Recommend(patient, posterior, Fast with { Weights = new ScoreWeights { SideEffects = 0 } });
        var heavy = RegimenRecommender.Recommend(patient, posterior, Fast with { Weights = new ScoreWeights { SideEffects = 5 } });
        Assert.True(heavy.Choices.Take(5).Average(c => c.Best.SideEffectBurden) <= none.Choices.Take(5).Average(c => c.Best.SideEffectBurden));
    }

    [Fact]
    public void Recommend_SameSeed_SameRanking_SequentialOrParallel()
    {
        var patient = Patient("determinism", new BpChange(149, 93), "bisoprolol 5mg");
        var posterior = Population(new BpChange(156, 97));
        var a = RegimenRecommender.Recommend(patient, posterior, Fast);
        var b = RegimenRecommender.Recommend(patient, posterior, Fast with { Parallel = false });
        Assert.Equal(a.Ranking.Select(r => (r.Regimen.ToString(), r.Score.Total)), b.Ranking.Select(r => (r.Regimen.ToString(), r.Score.Total)));
        Assert.Equal(a.Choices.Take(5).Select(c => c.Explanation), b.Choices.Take(5).Select(c => c.Explanation));
    }

    [Fact]
    public void Recommend_TopChoices_AreDistinctPatternsWithExplanations()
    {
        var patient = Patient("explain", Untreated);
        var recommendation = RegimenRecommender.Recommend(patient, Population(Untreated), Fast);
        var top = recommendation.TopChoices.ToArray();
        Assert.Equal(5, top.Length);
        Assert.Equal(5, top.Select(c => c.Pattern).Distinct().Count());
        Assert.Equal(recommendation.Choices.Count, recommendation.Choices.Select(c => c.Pattern).Distinct().Count());
        foreach (var choice in top)
        {
            Assert.Contains("week 4", choice.Explanation);
            Assert.Contains("week 12", choice.Explanation);
            Assert.Contains("Ranks above", choice.Explanation);
            Assert.All(choice.Alternatives, a => Assert.Equal(choice.Pattern, a.Pattern));
            Assert.All(choice.Alternatives, a => Assert.True(a.Score.Total <= choice.Best.Score.Total));
        }
        Assert.True(top.Zip(top.Skip(1)).All(p => p.First.Best.Score.Total >= p.Second.Best.Score.Total));
        Assert.StartsWith("POPULATION PRIOR ONLY", recommendation.Uncertainty);
        Assert.True(recommendation.FromPopulationOnly);
    }

    [Fact]
    public void Recommend_SameClassAlternatives_TimeCourseDecides()
    {
        // On amlodipine already: staying on amlodipine reaches target sooner than switching to another CCB of the same dose.
        var patient = Patient("same-class", new BpChange(141, 87), "amlodipine 5mg");
        var posterior = Posterior(new BpChange(150, 93), Sensitivities(1), 2, 0.2);
        var recommendation = RegimenRecommender.Recommend(patient, posterior, Fast);
        var amlodipine = recommendation.Ranking.Single(r => r.Regimen.Equals(Regimen.Parse("amlodipine 10mg + lisinopril 10mg")));
        var felodipine = recommendation.Ranking.Single(r => r.Regimen.Equals(Regimen.Parse("felodipine 10mg + lisinopril 10mg")));
        Assert.Equal(amlodipine.ProbabilityAtTarget, felodipine.ProbabilityAtTarget, 2);
        Assert.True(amlodipine.ProbabilityByWeek[0] >= felodipine.ProbabilityByWeek[0]);
        Assert.True(amlodipine.Rank < felodipine.Rank || amlodipine.Score.Total >= felodipine.Score.Total);
        // Alternatives a hair lower say so in words, not as a "score -0.000".
        Assert.All(recommendation.TopChoices, c => Assert.DoesNotContain("-0.000", c.Explanation, StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_EveryOutputRecord_CarriesDisclaimer()
    {
        var patient = Patient("disclaimer", new BpChange(124, 76), "amlodipine 10mg + lisinopril 20mg", Active(ConditionKind.Asthma, "Asthma"));
        var recommendation = RegimenRecommender.Recommend(patient, Posterior(new BpChange(150, 94), Sensitivities(1.2), 2, 0.1), Fast);
        const string text = "Decision support for clinicians, not medical advice.";
        Assert.Equal(text, recommendation.Disclaimer);
        Assert.Equal(text, recommendation.Current.Disclaimer);
        Assert.Equal(text, recommendation.Current.Prediction.Disclaimer);
        Assert.All(recommendation.Ranking.Take(10), r => Assert.Equal(text, r.Disclaimer));
        Assert.All(recommendation.TopChoices, c => { Assert.Equal(text, c.Disclaimer); Assert.Equal(text, c.Prediction!.Disclaimer); });
        Assert.All(recommendation.Excluded.Take(10), e => Assert.Equal(text, e.Disclaimer));
        Assert.All(recommendation.NotableLosers, n => Assert.Equal(text, n.Disclaimer));
        Assert.All(recommendation.StepDown, s => Assert.Equal(text, s.Disclaimer));
        Assert.NotEmpty(recommendation.NotableLosers);
    }

    [Fact]
    public void Recommend_PregnantOnLisinopril_SaysTheCurrentRegimenIsExcluded()
    {
        var patient = Patient("pregnant-on-acei", new BpChange(140, 88), "lisinopril 10mg", Active(ConditionKind.Pregnancy, "Pregnancy, 10 weeks"));
        var recommendation = RegimenRecommender.Recommend(patient, Population(Untreated), Fast);

        Assert.True(recommendation.Current.Excluded);
        Assert.Null(recommendation.Current.Rank);
        Assert.Contains(recommendation.Current.Safety, f => f.Rule == "acei-or-arb-in-pregnancy" && f.Severity == SafetySeverity.Excluded);
        Assert.StartsWith("EXCLUDED", recommendation.CurrentStanding, StringComparison.Ordinal);
        Assert.Contains("acei-or-arb-in-pregnancy", recommendation.CurrentStanding, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommend_AllowedCurrentRegimen_StandingNamesRankAndChoice()
    {
        var patient = Patient("uncontrolled", new BpChange(146, 91), "amlodipine 5mg");
        var recommendation = RegimenRecommender.Recommend(patient, Posterior(new BpChange(153, 96), Sensitivities(1), 2, 0.2), Fast);

        Assert.False(recommendation.Current.Excluded);
        var choice = recommendation.Choices.Single(c => c.Best.Regimen.Equals(recommendation.Current.Regimen) || c.Alternatives.Any(a => a.Regimen.Equals(recommendation.Current.Regimen)));
        Assert.Equal($"regimen #{recommendation.Current.Rank} of {recommendation.Ranking.Count} allowed; its class-and-dose pattern is choice #{choice.Rank}", recommendation.CurrentStanding);
    }

    [Fact]
    public void Recommend_NothingLikelyToReachTarget_WarnsAndNamesTheStrongestRegimen()
    {
        // Very high BP and a twin that barely responds to any class: no allowed regimen is likely to reach 130/80.
        var patient = Patient("resistant", new BpChange(178, 104));
        var weak = RegimenRecommender.Recommend(patient, Posterior(new BpChange(178, 104), Sensitivities(0.3), 2, 0.05), Fast);
        var strongest = weak.StrongestAllowed!;
        Assert.Equal(weak.Ranking.Max(r => r.ProbabilityAtTarget), strongest.ProbabilityAtTarget, 3);
        // Every chance is (near) zero here: the strongest is then the regimen expected to lower BP most — two drugs, both at double dose.
        Assert.Equal(2, strongest.PillCount);
        Assert.All(strongest.Regimen.Items, i => Assert.Equal(2.0, i.RelativeDose, 6));
        Assert.True(strongest.ProbabilityAtTarget < global::TwinLab.Health.Recommendation.Recommendation.LikelyProbability);
        Assert.NotNull(weak.TargetWarning);
        Assert.Contains(strongest.Regimen.ToString(), weak.TargetWarning, StringComparison.Ordinal);

        // A responsive twin: no warning.
        var good = RegimenRecommender.Recommend(Patient("ccb", new BpChange(150, 92)), Posterior(new BpChange(150, 92), Sensitivities(1.5), 2, 0.1), Fast);
        Assert.Null(good.TargetWarning);
    }
}
