using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Planning;

public sealed class IntervalStaffingTests
{
    private const int Intervals = 7 * 48;

    /// <summary>One queue at a constant rate, 30-minute intervals, agents costing 30 per hour.</summary>
    private static CenterModel Flat(Channel channel, double callsPerHalfHour, double handleSeconds, double? patienceSeconds,
        double shrinkage = 0, int chatConcurrency = 2) =>
        new(30,
            [new QueueModel("general", channel, Enumerable.Repeat(callsPerHalfHour * 2, Intervals).ToArray(),
                Distribution.Exponential(1 / handleSeconds), patienceSeconds is { } p ? Distribution.Exponential(1 / p) : null)],
            new Roster([new Agent("a1", [new AgentSkill("general")], [], 30, chatConcurrency)], shrinkage));

    [Fact]
    public void Compute_WorkedCheckEveryInterval_NeedsFourteenAgentsAndTwentyScheduled()
    {
        var table = IntervalStaffing.Compute(Flat(Channel.Phone, 100, 180, null, shrinkage: 0.3), StaffingGoal.EightyTwenty);

        Assert.Equal(Intervals, table.Intervals.Count);
        Assert.All(table.Intervals, i =>
        {
            Assert.Equal(14, i.Agents);
            Assert.Equal(20, i.ScheduledAgents);
            Assert.Equal(0.8884, i.ServiceLevel, 4);
            Assert.Equal(7.84, i.AverageSpeedOfAnswerSeconds, 2);
            Assert.Equal(0.714, i.Occupancy, 3);
            Assert.Equal(20 * 0.5 * 30, i.Cost, 9);
        });
        Assert.Equal(DayOfWeek.Monday, table.Intervals[0].Day);
        Assert.Equal(new TimeOnly(9, 30), table.Intervals[19].Start);
        Assert.Equal(DayOfWeek.Sunday, table.Intervals[^1].Day);
        Assert.Equal(14 * 0.5 * Intervals, table.AgentHours, 9);
    }

    [Fact]
    public void Compute_AbandonmentCapBinding_AddsAgentsUntilAbandonmentIsBelowCap()
    {
        // A loose service level that impatient callers (mean 60 s) make easy: the abandonment cap decides.
        var loose = new StaffingGoal(0.5, 20);
        var capped = loose with { MaxAbandonment = 0.01 };
        var model = Flat(Channel.Phone, 100, 180, 60);

        var free = IntervalStaffing.Compute(model, loose).Intervals[0];
        var bound = IntervalStaffing.Compute(model, capped).Intervals[0];

        Assert.True(bound.Agents > free.Agents, $"cap should bind: {bound.Agents} vs {free.Agents}");
        Assert.True(bound.AbandonmentRate <= 0.01);
        Assert.True(Erlang.A(new Workload(100, TimeSpan.FromMinutes(30), 180), bound.Agents - 1, 20, 60).AbandonmentProbability > 0.01);
    }

    [Fact]
    public void Compute_OccupancyCapBinding_StaffsLoadOverCap()
    {
        // 100 Erlangs: 80/20 alone runs agents above 90% busy; an 85% cap needs ⌈100 / 0.85⌉ = 118.
        var model = Flat(Channel.Phone, 1000, 180, null);

        var free = IntervalStaffing.Compute(model, StaffingGoal.EightyTwenty).Intervals[0];
        var capped = IntervalStaffing.Compute(model, StaffingGoal.EightyTwenty with { MaxOccupancy = 0.85 }).Intervals[0];

        Assert.True(free.Agents < 118);
        Assert.Equal(118, capped.Agents);
        Assert.True(capped.Occupancy <= 0.85);
    }

    [Fact]
    public void Compute_ChatConcurrency_DividesTheSlots()
    {
        var table = IntervalStaffing.Compute(Flat(Channel.Chat, 100, 180, null, chatConcurrency: 3), StaffingGoal.EightyTwenty);

        Assert.Equal(5, table.Intervals[0].Agents); // 14 slots at 3 chats per agent
        Assert.Equal(14, table.Intervals[0].Queues[0].Metrics.Agents);
    }

    [Fact]
    public void Compute_Email_StaffsWorkloadOverOccupancy()
    {
        var table = IntervalStaffing.Compute(Flat(Channel.Email, 100, 180, null), StaffingGoal.EightyTwenty with { MaxOccupancy = 0.85 });

        Assert.Equal(12, table.Intervals[0].Agents); // ⌈10 Erlangs / 0.85⌉
        Assert.True(double.IsNaN(table.Intervals[0].ServiceLevel));
    }

    [Fact]
    public void Compute_SyntheticCentre_ClosedAtNightAndMeetsGoalWhereOpen()
    {
        var goal = StaffingGoal.EightyTwenty with { MaxAbandonment = 0.05, MaxOccupancy = 0.85 };

        var table = IntervalStaffing.Compute(SyntheticContactCentre.Truth(), goal);

        Assert.Equal(["billing", "tech"], table.Skills);
        Assert.Equal(0, table.Intervals[4].Agents); // Monday 02:00: closed
        var open = table.Intervals.Where(i => i.Agents > 0).ToArray();
        Assert.NotEmpty(open);
        Assert.All(open.SelectMany(i => i.Queues).Where(q => q.Arrivals > 0), q =>
        {
            Assert.True(q.Metrics.ServiceLevel >= 0.8 && q.Metrics.AbandonmentProbability <= 0.05 && q.Metrics.Occupancy <= 0.85);
        });
        Assert.True(table.Cost > 0);
        Assert.Equal(table.Intervals.Sum(i => i.AgentsFor("billing") + i.AgentsFor("tech")), table.Intervals.Sum(i => i.Agents));
    }

    [Fact]
    public void Compute_QueueWithoutHandleTime_NamesTheQueue()
    {
        var model = Flat(Channel.Phone, 100, 180, null);
        model = model with { Queues = [model.Queues[0] with { ArrivalRatesPerHour = [1, 2] }] };

        var error = Assert.Throws<ArgumentException>(() => IntervalStaffing.Compute(model, StaffingGoal.EightyTwenty));

        Assert.Contains("'general'", error.Message);
    }
}
