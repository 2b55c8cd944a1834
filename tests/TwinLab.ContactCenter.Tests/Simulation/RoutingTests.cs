using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>The routing rules: queue priority, skill rank, overflow delay, skill-blind longest-idle.</summary>
public sealed class RoutingTests
{
    private static readonly ContactCenterSimulator TwoSkills = new(TestCenters.TwoSkills());

    [Fact]
    public void QueuePriority_HigherPriorityQueue_IsAnsweredFaster()
    {
        // Two equal queues and the same agents; "vip" has priority even though it is every agent's second skill.
        var model = new CenterModel(TestCenters.IntervalMinutes,
            [
                new QueueModel("standard", Channel.Phone, TestCenters.Flat(90), Distribution.Exponential(1 / 180.0), Distribution.Exponential(1 / 120.0)),
                new QueueModel("vip", Channel.Phone, TestCenters.Flat(90), Distribution.Exponential(1 / 180.0), Distribution.Exponential(1 / 120.0), Priority: 1),
            ],
            new Roster(TestCenters.AlwaysOn(9, "a", new AgentSkill("standard"), new AgentSkill("vip")), 0));
        var results = Replications.Run(new ContactCenterSimulator(model).Prepare(("days", 1.0)), 3);
        Assert.True(results.Mean(r => r.Queues[1].AverageSpeedOfAnswer) < results.Mean(r => r.Queues[0].AverageSpeedOfAnswer));
        Assert.True(results.Mean(r => r.Queues[1].AbandonmentRate) < results.Mean(r => r.Queues[0].AbandonmentRate) * 0.75);
        Assert.True(results.Mean(r => r.Queues[1].ServiceLevel) > results.Mean(r => r.Queues[0].ServiceLevel) + 0.05);
    }

    [Fact]
    public void Overflow_SecondarySkillServedOnlyAfterDelay()
    {
        var overflow = SecondaryWaits(TwoSkills.Prepare(("days", 1.0), ("routing", "overflow"), ("overflow_delay_seconds", 45.0)));
        var skillPriority = SecondaryWaits(TwoSkills.Prepare(("days", 1.0)));

        Assert.NotEmpty(overflow);
        Assert.All(overflow, waited => Assert.True(waited >= 45 - 1e-9, $"served by a secondary agent after {waited} s"));
        Assert.Contains(skillPriority, waited => waited < 45); // without the rule, secondary agents answer sooner
    }

    [Fact]
    public void LongestIdle_IgnoresSkillRank_SoCrossSkilledAgentsTakeMoreSecondaryWork()
    {
        // The cross-skilled "x" agents have tech first: ranked routing keeps them on tech, skill-blind routing
        // gives them whichever contact waited longest.
        var ranked = SecondaryWaits(TwoSkills.Prepare(("days", 1.0))).Count;
        var blind = SecondaryWaits(TwoSkills.Prepare(("days", 1.0), ("routing", "longest-idle"))).Count;
        Assert.True(blind > ranked * 1.1, $"secondary services: longest-idle {blind}, skill-priority {ranked}");
    }

    /// <summary>How long each contact served by an agent for whom its skill is secondary had waited.</summary>
    private static List<double> SecondaryWaits(ContactCenterScenario scenario)
    {
        var log = new ServiceLog();
        scenario.Simulate(RandomStream.FromSeed(4), log);
        var queues = scenario.Compiled.Queues.Length;
        return log.Entries.Where(e => !e.Callback && scenario.Compiled.Rank[e.Agent * queues + e.Queue] > 0).Select(e => e.Waited).ToList();
    }
}
