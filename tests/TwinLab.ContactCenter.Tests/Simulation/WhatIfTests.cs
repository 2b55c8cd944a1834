using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>
/// The what-if parameters move the KPIs the way they should. Scenarios are compared under common random numbers
/// (the same replication streams), over a few two-day replications of the two-skill centre.
/// </summary>
public sealed class WhatIfTests
{
    private static readonly ContactCenterSimulator Simulator = new(TestCenters.TwoSkills());

    private static ContactCenterResult[] Run(params (string, ParameterValue)[] parameters) =>
        Replications.Run(Simulator.Prepare([("days", 2.0), ("warmup_hours", 1.0), .. parameters]), 4);

    [Fact]
    public void StaffingScale_MoreAgents_RaisesServiceLevel()
    {
        var baseline = Run();
        var more = Run(("staffing_scale", 1.5));
        Assert.True(more.Mean(r => r.Overall.ServiceLevel) > baseline.Mean(r => r.Overall.ServiceLevel) + 0.05);
        Assert.True(more.Mean(r => r.Overall.AbandonmentRate) < baseline.Mean(r => r.Overall.AbandonmentRate));
        Assert.Equal(15, Simulator.Prepare(("staffing_scale", 1.5)).AgentCount);
    }

    [Fact]
    public void HandleTimeFactor_PointNine_LowersAsaAndHandleTime()
    {
        var baseline = Run();
        var faster = Run(("handle_time_factor", 0.9));
        Assert.True(faster.Mean(r => r.Overall.AverageSpeedOfAnswer) < baseline.Mean(r => r.Overall.AverageSpeedOfAnswer));
        var ratio = faster.Mean(r => r.Overall.MeanHandle) / baseline.Mean(r => r.Overall.MeanHandle);
        Assert.InRange(ratio, 0.85, 0.95);
    }

    [Fact]
    public void ChatbotDeflection_HalfOfBilling_RemovesHalfOfItsFreshContacts()
    {
        var baseline = Run();
        var deflected = Run(("chatbot_deflection", 0.5), ("deflection_topic", "billing"));
        var billingBefore = baseline.Mean(r => r.Queues[0].Offered + r.Queues[1].Offered);
        var billingAfter = deflected.Mean(r => r.Queues[0].Offered + r.Queues[1].Offered);
        Assert.InRange(billingAfter / billingBefore, 0.45, 0.55);
        Assert.InRange(deflected.Mean(r => r.Overall.Deflected) / billingBefore, 0.45, 0.55);
        // Tech is not the chatbot's topic: under common random numbers its arrivals are the very same.
        Assert.Equal(baseline.Mean(r => r.Queues[2].Offered), deflected.Mean(r => r.Queues[2].Offered));
    }

    [Fact]
    public void Callback_OfferedAfterThirtySeconds_LowersAbandonment()
    {
        var baseline = Run();
        var callbacks = Run(("callback", ParameterValue.Of(true)), ("callback_threshold_seconds", 30.0), ("callback_acceptance", 0.8));
        Assert.True(callbacks.Mean(r => r.Overall.AbandonmentRate) < baseline.Mean(r => r.Overall.AbandonmentRate) * 0.8);
        Assert.True(callbacks.Mean(r => r.Overall.Callbacks) > 0);
        // Callbacks happen only on phone queues, and every accepted callback is eventually served.
        Assert.All(callbacks, r => Assert.Equal(0, r.Queues[1].Callbacks));
    }

    [Fact]
    public void RetrialShare_Half_BringsBackHalfOfTheAbandoned()
    {
        var retry = Run(("retrial_share", 0.5), ("retrial_delay_minutes", 1.0));
        var ratio = retry.Mean(r => r.Overall.Retrials) / retry.Mean(r => r.Overall.Abandoned);
        Assert.InRange(ratio, 0.42, 0.58);
        Assert.All(Run(), r => Assert.Equal(0, r.Overall.Retrials));
    }

    [Fact]
    public void ChannelShift_ThirtyPercent_MovesPhoneContactsToChat()
    {
        var baseline = Run();
        var shifted = Run(("channel_shift", 0.3));
        var phone = shifted.Mean(r => r.Queues[0].Offered) / baseline.Mean(r => r.Queues[0].Offered);
        Assert.InRange(phone, 0.64, 0.76);
        Assert.True(shifted.Mean(r => r.Queues[1].Offered) > baseline.Mean(r => r.Queues[1].Offered));
        // Tech has no chat queue, so it keeps its callers.
        Assert.Equal(baseline.Mean(r => r.Queues[2].Offered), shifted.Mean(r => r.Queues[2].Offered));
    }

    [Fact]
    public void ExtraAgents_OnTech_RaiseTechServiceLevel()
    {
        var baseline = Run();
        var extra = Run(("extra_agents", 2.0), ("skill", "tech"));
        Assert.True(extra.Mean(r => r.Queues[2].ServiceLevel) > baseline.Mean(r => r.Queues[2].ServiceLevel));
        Assert.Equal(12, Simulator.Prepare(("extra_agents", 2.0), ("skill", "tech")).AgentCount);
    }

    [Fact]
    public void CrossTraining_HalfOfBillingAgents_AddsTechAsLastSkill()
    {
        var scenario = Simulator.Prepare(("cross_train_share", 0.5), ("cross_train_skill", "tech"));
        var trained = scenario.Model.Roster.Agents.Where(a => a.Id.StartsWith('b') && a.Skills.Any(s => s.Queue == "tech")).ToList();
        Assert.Equal(2, trained.Count);
        Assert.All(trained, a => Assert.Equal(new("tech", 0.8), a.Skills[^1]));
        Assert.DoesNotContain(Simulator.Model.Roster.Agents, a => a.Id.StartsWith('b') && a.Skills.Count > 1); // original untouched
    }

    [Fact]
    public void Shrinkage_ThirtyPercent_RemovesAvailableTimeButNotPaidTime()
    {
        var baseline = Run();
        var shrunk = Run(("shrinkage", 0.3));
        Assert.Equal(baseline[0].PaidAgentHours, shrunk[0].PaidAgentHours, 6);
        Assert.Equal(shrunk[0].PaidAgentHours * 30, shrunk[0].Cost, 6); // every test agent costs 30 an hour
        var available = shrunk.Mean(r => r.StaffedAgentHours) / shrunk.Mean(r => r.PaidAgentHours);
        Assert.InRange(available, 0.65, 0.78); // 70% available, plus agents finishing contacts into a lost interval
        Assert.True(shrunk.Mean(r => r.Overall.ServiceLevel) < baseline.Mean(r => r.Overall.ServiceLevel));
    }
}
