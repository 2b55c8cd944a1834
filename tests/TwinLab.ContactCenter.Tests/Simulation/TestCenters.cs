using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>Small centre models for the simulator tests.</summary>
internal static class TestCenters
{
    public const int IntervalMinutes = 60;
    public const int IntervalsPerWeek = 7 * 24;

    /// <summary>Constant arrival rate all week.</summary>
    public static double[] Flat(double perHour) => Enumerable.Repeat(perHour, IntervalsPerWeek).ToArray();

    /// <summary>Agents on duty around the clock (no shifts), all with the same skills.</summary>
    public static List<Agent> AlwaysOn(int count, string prefix, params AgentSkill[] skills) =>
        Enumerable.Range(1, count).Select(i => new Agent($"{prefix}{i}", skills, [], CostPerHour: 30)).ToList();

    /// <summary>
    /// The Erlang setting: one phone queue, Poisson arrivals at a constant rate, exponential handle times, N identical
    /// agents always on duty, no shrinkage; exponential patience when <paramref name="meanPatienceSeconds"/> is given.
    /// </summary>
    public static CenterModel SingleSkill(double callsPerHour, double handleSeconds, int agents, double? meanPatienceSeconds = null) =>
        new(IntervalMinutes,
            [new QueueModel("general", Channel.Phone, Flat(callsPerHour), Distribution.Exponential(1 / handleSeconds),
                meanPatienceSeconds is { } p ? Distribution.Exponential(1 / p) : null)],
            new Roster(AlwaysOn(agents, "a", new AgentSkill("general")), 0));

    /// <summary>A phone and a chat queue of the same skill plus a second phone skill, served by specialists and
    /// cross-skilled agents; patient enough that some callers abandon.</summary>
    public static CenterModel TwoSkills(double shrinkage = 0) =>
        new(IntervalMinutes,
            [
                new QueueModel("billing", Channel.Phone, Flat(60), Distribution.Exponential(1 / 240.0), Distribution.Exponential(1 / 90.0)),
                new QueueModel("billing", Channel.Chat, Flat(30), Distribution.Exponential(1 / 300.0), Distribution.Exponential(1 / 300.0)),
                new QueueModel("tech", Channel.Phone, Flat(40), Distribution.Exponential(1 / 360.0), Distribution.Exponential(1 / 90.0)),
            ],
            new Roster(
                [
                    .. AlwaysOn(4, "b", new AgentSkill("billing")),
                    .. AlwaysOn(4, "t", new AgentSkill("tech")),
                    .. AlwaysOn(2, "x", new AgentSkill("tech"), new AgentSkill("billing", 0.9)),
                ],
                shrinkage));
}
