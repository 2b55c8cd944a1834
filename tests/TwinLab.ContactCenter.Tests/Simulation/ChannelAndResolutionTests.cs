using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>Chat concurrency, the first-contact-resolution loop and the satisfaction predictor.</summary>
public sealed class ChannelAndResolutionTests
{
    private static CenterModel ChatCentre(int concurrency) =>
        new(TestCenters.IntervalMinutes,
            [new QueueModel("support", Channel.Chat, TestCenters.Flat(60), Distribution.Exponential(1 / 300.0), Distribution.Exponential(1 / 600.0))],
            new Roster(TestCenters.AlwaysOn(2, "c", new AgentSkill("support")).Select(a => a with { ChatConcurrency = concurrency }).ToList(), 0));

    [Fact]
    public void ChatConcurrency_ThreeChats_RaisesThroughputPerAgent()
    {
        // Overloaded (5 Erlangs on 2 agents): one chat at a time handles 2 × 12 an hour; three at a time, each
        // stretched by 1 + 0.25·2 = 1.5, handles about 2 × 3 × 8 = 48 an hour.
        var single = Replications.Run(new ContactCenterSimulator(ChatCentre(1)).Prepare(("days", 1.0)), 3);
        var triple = Replications.Run(new ContactCenterSimulator(ChatCentre(3)).Prepare(("days", 1.0)), 3);
        var ratio = triple.Mean(r => r.Overall.Handled) / single.Mean(r => r.Overall.Handled);
        Assert.InRange(ratio, 1.6, 2.4);
        Assert.True(triple.Mean(r => r.Overall.MeanHandle) > single.Mean(r => r.Overall.MeanHandle) * 1.3);
    }

    [Fact]
    public void ChatConcurrency_Zero_AgentTakesNoChats()
    {
        var result = Replications.Run(new ContactCenterSimulator(ChatCentre(0)).Prepare(("days", 0.25)), 1)[0];
        Assert.Equal(0, result.Overall.Handled);
        Assert.True(result.Overall.Abandoned > 0);
    }

    [Fact]
    public void UnresolvedContacts_ComeBack_AsRepeatsAtOneMinusFcr()
    {
        // Each offered contact (repeats included) is unresolved with probability 0.3 and comes back after about
        // 3 minutes, so repeats ≈ offered × (1 − FCR) (less the few whose return falls after the horizon).
        var plain = TestCenters.SingleSkill(100, 180, 10);
        var model = plain with { Queues = [plain.Queues[0] with { FirstContactResolution = 0.7, RepeatDelayHours = 0.05 }] };
        var results = Replications.Run(new ContactCenterSimulator(model).Prepare(("days", 3.0)), 2);
        foreach (var r in results)
        {
            Assert.InRange(r.Overall.Repeats / (0.3 * r.Overall.Offered), 0.95, 1.05);
            Assert.Equal(r.Overall.Offered, r.Overall.Handled); // nobody abandons, and the drain finishes every contact
        }
        var resolvedOnly = Replications.Run(new ContactCenterSimulator(plain).Prepare(("days", 1.0)), 1)[0];
        Assert.Equal(0, resolvedOnly.Overall.Repeats);
    }

    [Fact]
    public void Satisfaction_WithPredictor_AveragesPredictionsOverHandledContacts()
    {
        var model = TestCenters.SingleSkill(150, 180, 9) with { Satisfaction = new WaitPenalty() };
        var simulator = new ContactCenterSimulator(model);
        var on = simulator.Prepare(("days", 1.0)).Simulate(RandomStream.FromSeed(1));
        var off = simulator.Prepare(("days", 1.0), ("satisfaction", ParameterValue.Of(false)))
            .Simulate(RandomStream.FromSeed(1));
        // The predictor scores 5 minus a point per minute waited, so the mean is 5 − ASA/60 exactly.
        Assert.Equal(5 - on.Overall.AverageSpeedOfAnswer / 60, on.Overall.Satisfaction, 6);
        Assert.True(double.IsNaN(off.Overall.Satisfaction));
        Assert.True(double.IsNaN(new ContactCenterSimulator(TestCenters.SingleSkill(150, 180, 9)).Prepare(("days", 1.0))
            .Simulate(RandomStream.FromSeed(1)).Overall.Satisfaction));
    }

    private sealed class WaitPenalty : ISatisfactionPredictor
    {
        public double Predict(Channel channel, string queue, double waitSeconds, double handleSeconds, bool resolved) => 5 - waitSeconds / 60;
    }
}
