using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// A scenario compiled into arrays for <see cref="ContactCenterRun"/>: immutable, so every replication on every
/// thread shares it. Times are in seconds from the start of the run (00:00 of the start day).
/// </summary>
internal sealed class CompiledCenter
{
    public required CompiledQueue[] Queues { get; init; }
    public required CompiledAgent[] Agents { get; init; }
    /// <summary>Per queue, the agents who serve it, by (rank, −proficiency, index): the routing search order.</summary>
    public required int[][] QueueAgents { get; init; }
    /// <summary>Proficiency of agent a for queue q at [a·Q + q]; 0 when the agent lacks the skill.</summary>
    public required double[] Proficiency { get; init; }
    /// <summary>Rank of queue q's skill for agent a at [a·Q + q]; −1 when the agent lacks the skill.</summary>
    public required int[] Rank { get; init; }
    /// <summary>Per queue, whether any agent serves it as a secondary skill (only then does overflow need a timer).</summary>
    public required bool[] HasSecondary { get; init; }
    public required double IntervalSeconds { get; init; }
    /// <summary>Seconds from Monday 00:00 to the start of the run.</summary>
    public required double StartOffsetSeconds { get; init; }
    public required double HorizonSeconds { get; init; }
    public required double WarmupSeconds { get; init; }
    public required RoutingRule Routing { get; init; }
    public required double OverflowDelaySeconds { get; init; }
    public required double ChatSlowdown { get; init; }
    public required double CallbackThresholdSeconds { get; init; }
    public required double CallbackAcceptance { get; init; }
    public required double RetrialShare { get; init; }
    public required double RetrialDelaySeconds { get; init; }
    public required ISatisfactionPredictor? Satisfaction { get; init; }

    /// <summary>Intervals in the horizon (the last may be partial): the length of every time series.</summary>
    /// <summary>How long after opening the customers who wanted to come back while the queue was closed arrive:
    /// spread evenly over the first two hours, not all at the opening second (a modelling assumption; the synthetic
    /// generator makes the same one).</summary>
    public const double ReturnSpreadSeconds = 7200;

    /// <summary>When a contact that wants to come back at <paramref name="time"/> (simulated seconds) reaches queue
    /// <paramref name="queue"/>: then, when the queue is open (its arrival rate is positive); else at the opening of
    /// its next interval with arrivals plus <paramref name="spread"/> × <see cref="ReturnSpreadSeconds"/>.</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="time">The moment the customer wants to come back.</param>
    /// <param name="spread">A uniform draw in [0, 1).</param>
    public double ReturnTime(CompiledQueue queue, double time, double spread)
    {
        if (queue.IntervalsToOpening is not { } wait) return time;
        var k = (long)Math.Floor((time + StartOffsetSeconds) / IntervalSeconds);
        var skip = wait[(int)(k % wait.Length)];
        return skip == 0 ? time : (k + skip) * IntervalSeconds - StartOffsetSeconds + spread * ReturnSpreadSeconds;
    }

    public int SeriesIntervals => (int)Math.Ceiling(HorizonSeconds / IntervalSeconds - 1e-9);
}
