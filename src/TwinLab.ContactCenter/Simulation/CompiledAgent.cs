namespace TwinLab.ContactCenter.Simulation;

/// <summary>One agent of a scenario, ready to simulate (immutable; shared by concurrent replications).</summary>
internal sealed class CompiledAgent
{
    public required string Id { get; init; }
    /// <summary>The queues the agent serves, by rank (primary skill first), then queue index.</summary>
    public required int[] Queues { get; init; }
    /// <summary>Rank of the skill behind each of <see cref="Queues"/>: its position in the agent's skill list.</summary>
    public required int[] Ranks { get; init; }
    public required int ChatCapacity { get; init; }
    public required double CostPerHour { get; init; }
    /// <summary>Probability that shrinkage takes a scheduled interval, over and above the explicit breaks.</summary>
    public required double IntervalShrinkage { get; init; }
    public required WeeklySchedule Schedule { get; init; }
}
