using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Queueing;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>
/// The simulator against queueing theory on a single-skill centre with Poisson arrivals at a constant rate,
/// exponential handle times and N agents always on duty: Erlang C without abandonment, Erlang A with exponential
/// patience. Each KPI's 99% Student-t interval over independent replications (one warm-up hour discarded) must cover
/// the formula's value.
/// </summary>
public sealed class ErlangValidationTests
{
    // The worked example of the reference sheet: 100 calls per 30 minutes, AHT 180 s, 14 agents.
    private const double CallsPerHour = 200;
    private const double HandleSeconds = 180;
    private const double ServiceRatePerHour = 3600 / HandleSeconds;

    [Fact]
    public void Simulate_ErlangCCentre_MatchesErlangC()
    {
        const int agents = 14;
        var scenario = new ContactCenterSimulator(TestCenters.SingleSkill(CallsPerHour, HandleSeconds, agents))
            .Prepare(("days", 2.0), ("warmup_hours", 1.0));
        var results = Replications.Run(scenario, 20);

        var waitProbability = ErlangC.WaitProbability(agents, CallsPerHour, ServiceRatePerHour);
        var asaSeconds = ErlangC.MeanWait(agents, CallsPerHour, ServiceRatePerHour) * 3600;
        var serviceLevel = ErlangC.ServiceLevel(agents, CallsPerHour, ServiceRatePerHour, 20.0 / 3600);
        Assert.Equal(0.1741, waitProbability, 3); // the published figures, as a check on the reference itself
        Assert.Equal(7.84, asaSeconds, 2);
        Assert.Equal(0.8884, serviceLevel, 3);

        results.Summary(r => r.Overall.WaitProbability).AssertCovers(waitProbability, "P(wait)");
        results.Summary(r => r.Overall.AverageSpeedOfAnswer).AssertCovers(asaSeconds, "ASA");
        results.Summary(r => r.Overall.ServiceLevel).AssertCovers(serviceLevel, "SL(20 s)");
        results.Summary(r => r.Occupancy).AssertCovers(CallsPerHour / (agents * ServiceRatePerHour), "occupancy");
        Assert.All(results, r => Assert.Equal(0, r.Overall.Abandoned));
    }

    [Fact]
    public void Simulate_ErlangACentre_MatchesBirthDeathChain()
    {
        const int agents = 10; // offered load 10 Erlangs: critically loaded, so abandonment matters
        const double meanPatience = 120;
        var scenario = new ContactCenterSimulator(TestCenters.SingleSkill(CallsPerHour, HandleSeconds, agents, meanPatience))
            .Prepare(("days", 2.0), ("warmup_hours", 1.0));
        var results = Replications.Run(scenario, 20);

        var (waitProbability, meanWaitHours, abandon) = ErlangA.Solve(CallsPerHour, ServiceRatePerHour, agents, 3600 / meanPatience);
        results.Summary(r => r.Overall.AbandonmentRate).AssertCovers(abandon, "P(abandon)");
        results.Summary(r => r.Overall.MeanWait).AssertCovers(meanWaitHours * 3600, "E[W]");
        results.Summary(r => r.Overall.WaitProbability).AssertCovers(waitProbability, "P(wait)");
    }

    [Fact]
    public void ErlangA_ZeroAbandonment_ReducesToErlangC()
    {
        // With θ → 0 the chain is M/M/N: the helper the Erlang A test relies on must agree with Erlang C.
        var (wait, meanWait, _) = ErlangA.Solve(CallsPerHour, ServiceRatePerHour, 14, 1e-9);
        Assert.Equal(ErlangC.WaitProbability(14, CallsPerHour, ServiceRatePerHour), wait, 6);
        Assert.Equal(ErlangC.MeanWait(14, CallsPerHour, ServiceRatePerHour), meanWait, 6);
    }
}
