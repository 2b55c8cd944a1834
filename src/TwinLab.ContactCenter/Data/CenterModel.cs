using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Data;

/// <summary>
/// A contact centre as the simulator and the analytics see it: per queue, when contacts arrive, how long they take,
/// how patient customers are; plus the roster. Calibration produces it from an interaction log; scenarios change it.
/// </summary>
/// <param name="IntervalMinutes">Length of an arrival-rate interval (15, 30 or 60).</param>
/// <param name="Queues">The queues (skill × channel).</param>
/// <param name="Roster">Agents, skills, shifts, shrinkage.</param>
/// <param name="Satisfaction">Predicts a contact's satisfaction score, when a model was fitted.</param>
public sealed record CenterModel(int IntervalMinutes, IReadOnlyList<QueueModel> Queues, Roster Roster, ISatisfactionPredictor? Satisfaction = null)
{
    /// <summary>Intervals in a week.</summary>
    public int IntervalsPerWeek => 7 * 24 * 60 / IntervalMinutes;
}

/// <summary>One queue: the contacts needing one skill on one channel.</summary>
/// <param name="Queue">Queue, skill or topic name (as agents' skills name it).</param>
/// <param name="Channel">Channel.</param>
/// <param name="ArrivalRatesPerHour">Mean arrivals per hour in each interval of a week, Monday 00:00 first
/// (<see cref="CenterModel.IntervalsPerWeek"/> values): a piecewise-constant-rate Poisson process.</param>
/// <param name="HandleSeconds">Handle time (talk + hold + wrap-up) of an average-proficiency agent, in seconds.</param>
/// <param name="PatienceSeconds">How long a customer waits before abandoning, in seconds; null when nobody abandons (email).</param>
/// <param name="FirstContactResolution">Share of answered contacts resolved; the rest come back.</param>
/// <param name="RepeatDelayHours">Mean time before an unresolved contact comes back.</param>
/// <param name="Priority">Routing priority (higher first) when agents can serve several queues.</param>
public sealed record QueueModel(
    string Queue,
    Channel Channel,
    double[] ArrivalRatesPerHour,
    Distribution HandleSeconds,
    Distribution? PatienceSeconds,
    double FirstContactResolution = 1,
    double RepeatDelayHours = 24,
    int Priority = 0);

/// <summary>Predicts a contact's satisfaction score from how it went.</summary>
public interface ISatisfactionPredictor
{
    /// <summary>The expected score.</summary>
    double Predict(Channel channel, string queue, double waitSeconds, double handleSeconds, bool resolved);
}
