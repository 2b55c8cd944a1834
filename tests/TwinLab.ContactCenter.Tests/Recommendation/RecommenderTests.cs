using System.Text.Json;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Recommendation;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Tests.Simulation;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Recommendation;

/// <summary>
/// A small centre where the truth is clear: one phone queue of 100 calls an hour at 3 minutes (5 Erlangs), seven
/// agents around the clock at 30 an hour with 20% shrinkage, so about 5.6 agents for 5 Erlangs — busy, with
/// callers waiting and abandoning.
/// </summary>
public sealed class RecommenderTests
{
    private static readonly ContactCenterSimulator Simulator = new(new CenterModel(
        TestCenters.IntervalMinutes,
        [new QueueModel("general", Channel.Phone, TestCenters.Flat(100), Distribution.Exponential(1 / 180.0), Distribution.Exponential(1 / 180.0))],
        new Roster(TestCenters.AlwaysOn(7, "a", new AgentSkill("general")), 0.2)));

    private static readonly CandidateChange[] Candidates =
    [
        // Listed worst first, so the ranking cannot come from the file order.
        CandidateChange.Of("slow-crm", new CandidateCost(PerDay: 50), ("handle_time_factor", "1.15")),
        CandidateChange.Of("longest-idle", null, ("routing", "longest-idle")),
        CandidateChange.Of("two-agents", new CandidateCost(Fixed: 3650, AmortisationDays: 365), ("extra_agents", "2"), ("skill", "general")),
        CandidateChange.Of("knowledge-base", new CandidateCost(Fixed: 36500), ("handle_time_factor", "0.85")),
        CandidateChange.Of("absence-programme", null, ("shrinkage", "0.1")),
    ];

    private static readonly RecommendationOptions Options = new() { Days = 1, Replications = 8, Seed = 42 };

    private static readonly Lazy<RecommendationResult> Default = new(() => Recommender.Run(Simulator, Candidates, Options));

    [Fact]
    public void Run_ClearCentre_RanksFreeFirstThenByImprovementPerCostAndWorseLast()
    {
        var result = Default.Value;

        Assert.Equal(["absence-programme", "knowledge-base", "two-agents", "longest-idle", "slow-crm"], result.Ranking.Select(c => c.Name));
        Assert.Equal([1, 2, 3, 4, 5], result.Ranking.Select(c => c.Rank));
        Assert.Equal(
            [CandidateVerdicts.ImprovesAtNoCost, CandidateVerdicts.ImprovesAtCost, CandidateVerdicts.ImprovesAtCost, CandidateVerdicts.NotSignificant, CandidateVerdicts.Worse],
            result.Ranking.Select(c => c.Verdict));
        var kb = result.Candidate("knowledge-base");
        var agents = result.Candidate("two-agents");
        Assert.True(kb.ImprovementPer1000 > agents.ImprovementPer1000);
        // Two more agents help more in absolute terms, only at far higher cost.
        Assert.True(agents.Improvement > kb.Improvement);
        Assert.Equal("service_level", result.ObjectiveKpi);
        Assert.Equal("percentage points", result.ObjectiveUnit);
        Assert.Equal(100 * kb.Change("service_level").Difference!.Value, kb.Improvement!.Value, 9);
    }

    [Fact]
    public void Run_Costs_AddedAgentsComeFromTheSimulatorAndCandidateCostsAreAmortised()
    {
        var result = Default.Value;
        var agents = result.Candidate("two-agents");
        var kb = result.Candidate("knowledge-base");
        var free = result.Candidate("absence-programme");

        // 7 agents × 24 h × 30 = 5,040 a day; two more add 1,440 paid through the simulation, plus 3,650 / 365.
        Assert.Equal(5040, result.Baseline.AgentCostPerDay!.Value, 6);
        Assert.Equal(1440, agents.AgentCostChangePerDay!.Value, 6);
        Assert.Equal(10, agents.CandidateCostPerDay, 9);
        Assert.Equal(1450, agents.CostChangePerDay!.Value, 6);
        Assert.Equal(100, kb.CandidateCostPerDay, 9);
        Assert.Equal(0, kb.AgentCostChangePerDay!.Value, 9);
        Assert.Equal(agents.Improvement!.Value / 1.45, agents.ImprovementPer1000!.Value, 9);
        Assert.Null(free.ImprovementPer1000);
        Assert.Equal(0, free.CostChangePerDay);
    }

    [Fact]
    public void Run_NoOpChange_IsExactlyZeroUnderCommonRandomNumbers()
    {
        var routing = Default.Value.Candidate("longest-idle");

        // With one skill the routing rule cannot matter, and every scenario draws the same random numbers.
        Assert.False(routing.Significant);
        Assert.Equal(0, routing.Improvement!.Value, 12);
        Assert.All(routing.Changes, c => Assert.Equal("no significant change", c.Assessment));
    }

    [Fact]
    public void Run_WorseCandidate_HasAnIntervalBelowZeroAndWorseKpis()
    {
        var slow = Default.Value.Candidate("slow-crm");

        Assert.True(slow.ImprovementCiHigh < 0);
        Assert.Equal("worse", slow.Change("asa_seconds").Assessment);
        Assert.Equal("worse", slow.Change("handle_time_seconds").Assessment);
    }

    [Fact]
    public void Run_MoreReplications_NarrowTheIntervals()
    {
        var few = Recommender.Run(Simulator, [Candidates[2]], Options with { Replications = 4 });
        var many = Recommender.Run(Simulator, [Candidates[2]], Options with { Replications = 16 });

        static double Width(CandidateResult c) => c.ImprovementCiHigh!.Value - c.ImprovementCiLow!.Value;
        Assert.True(Width(many.Ranking[0]) < 0.7 * Width(few.Ranking[0]),
            $"16 replications: {Width(many.Ranking[0]):G4}; 4: {Width(few.Ranking[0]):G4}");
    }

    [Fact]
    public void Run_SameSeed_IsIdenticalAtOneAndSeveralThreads()
    {
        var options = Options with { Replications = 6, CombineTop = 3, TargetServiceLevel = 0.6, MaxAbandonment = 0.1 };

        var one = Recommender.Run(Simulator, Candidates, options with { Threads = 1 });
        var several = Recommender.Run(Simulator, Candidates, options with { Threads = 4 });
        var otherSeed = Recommender.Run(Simulator, Candidates, options with { Threads = 4, Seed = 43 });

        // Serialising also shows the result is JSON-friendly: no NaN or infinity anywhere.
        Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(several));
        Assert.NotEqual(JsonSerializer.Serialize(one), JsonSerializer.Serialize(otherSeed));
    }

    [Fact]
    public void Run_CombineTop_EvaluatesCompatibleBestCandidatesTogether()
    {
        var result = Recommender.Run(Simulator, Candidates, Options with { CombineTop = 3 });

        // The three best all improve and set different parameters.
        var combination = Assert.IsType<CandidateResult>(result.Combination);
        Assert.Equal("absence-programme + knowledge-base + two-agents", combination.Name);
        Assert.Equal(0, combination.Rank);
        Assert.Equal(110, combination.CandidateCostPerDay, 9);
        Assert.Equal(["shrinkage", "handle_time_factor", "extra_agents", "skill"], combination.Parameters.Keys);
        Assert.True(combination.Improvement > result.Ranking.Max(c => c.Improvement));
    }

    [Fact]
    public void Run_CombineTop_SkipsCandidatesSettingTheSameParameter()
    {
        // knowledge-base and slow-crm both set handle_time_factor; slow-crm is worse anyway.
        CandidateChange[] candidates = [Candidates[3], CandidateChange.Of("kb-lite", new CandidateCost(PerDay: 150), ("handle_time_factor", "0.95")), Candidates[4]];

        var result = Recommender.Run(Simulator, candidates, Options with { CombineTop = 3 });

        Assert.Equal("absence-programme + knowledge-base", result.Combination?.Name);
    }

    [Fact]
    public void Run_Targets_ListScenariosMeetingThemCheapestFirst()
    {
        // The baseline answers about 64% within 20 s and loses about 15% of callers.
        var result = Recommender.Run(Simulator, Candidates, Options with { TargetServiceLevel = 0.7, MaxAbandonment = 0.1 });

        Assert.False(result.BaselineMeetsTargets);
        foreach (var c in result.Ranking)
            Assert.Equal(c.Kpis.ServiceLevel >= 0.7 && c.Kpis.AbandonmentRate <= 0.1, c.MeetsTargets);
        Assert.Equal(
            result.Ranking.Where(c => c.MeetsTargets == true).OrderBy(c => c.Kpis.TotalCostPerDay).Select(c => c.Name),
            result.MeetingTargets);
        Assert.Equal(["absence-programme", "knowledge-base", "two-agents"], result.MeetingTargets);
        Assert.DoesNotContain("slow-crm", result.MeetingTargets);
    }

    [Fact]
    public void Run_AbandonmentObjective_ImprovementIsLessAbandonment()
    {
        var result = Recommender.Run(Simulator, [Candidates[0], Candidates[2]], Options with { Objective = RecommendationObjectives.Parse("abandonment") });

        Assert.Equal("abandonment_rate", result.ObjectiveKpi);
        var agents = result.Candidate("two-agents");
        Assert.True(agents.Improvement > 0);
        Assert.Equal(-100 * agents.Change("abandonment_rate").Difference!.Value, agents.Improvement!.Value, 9);
        Assert.Equal("slow-crm", result.Ranking[^1].Name);
    }

    [Fact]
    public void Run_SatisfactionWithoutPredictor_IsAClearError()
    {
        var e = Assert.Throws<TwinLabException>(() =>
            Recommender.Run(Simulator, [Candidates[4]], Options with { Replications = 2, Objective = RecommendationObjective.Satisfaction }));
        Assert.Contains("satisfaction predictor", e.Message);
    }

    [Fact]
    public void Run_BadCandidate_FailsBeforeSimulating()
    {
        var e = Assert.Throws<CandidateFileException>(() =>
            Recommender.Run(Simulator, [CandidateChange.Of("x", null, ("skill", "sales"))], Options));
        Assert.Equal("x", e.Candidate);
        Assert.Contains("'sales' is not one of general", e.Message);
    }

    [Theory]
    [InlineData("service_level", RecommendationObjective.ServiceLevel)]
    [InlineData("ASA", RecommendationObjective.Asa)]
    [InlineData("abandonment_rate", RecommendationObjective.Abandonment)]
    [InlineData("satisfaction", RecommendationObjective.Satisfaction)]
    public void ParseObjective_KnownNames_Read(string name, RecommendationObjective expected) =>
        Assert.Equal(expected, RecommendationObjectives.Parse(name));

    [Fact]
    public void ParseObjective_UnknownName_ListsTheNames() =>
        Assert.Contains("service_level, asa, abandonment, satisfaction", Assert.Throws<TwinLabException>(() => RecommendationObjectives.Parse("speed")).Message);
}
