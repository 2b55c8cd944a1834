namespace TwinLab.ContactCenter.Planning;

/// <summary>What <see cref="ShiftScheduler"/> must cover and with what.</summary>
/// <param name="IntervalMinutes">Interval length of <paramref name="RequiredAgents"/>.</param>
/// <param name="RequiredAgents">Agents that must be working (on shift, not on break) in each interval of a week,
/// Monday 00:00 first; fractions allowed (coverage is counted in agent-minutes per interval).</param>
/// <param name="Templates">The shift kinds to choose from.</param>
/// <param name="CostPerHour">Paid cost per agent hour for templates without their own.</param>
public sealed record ShiftScheduleRequest(int IntervalMinutes, IReadOnlyList<double> RequiredAgents, IReadOnlyList<ShiftTemplate> Templates, double CostPerHour)
{
    /// <summary>Most agents on shift (breaks included) in any interval; null for no cap.</summary>
    public int? MaxAgentsOnDuty { get; init; }

    /// <summary>Most shifts in the week (agent-days); null for no cap.</summary>
    public int? MaxShifts { get; init; }

    /// <summary>Wall-clock limit of the search.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Optional limit in CP-SAT's deterministic time units: unlike <see cref="TimeLimit"/>, the same limit stops
    /// the search at the same point on every machine, so the answer repeats even when the search is cut short.</summary>
    public double? DeterministicTimeLimit { get; init; }

    /// <summary>Seed of the solver's random choices (one search worker is used, so a seed gives one answer).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>What the requirement is for, used in messages (e.g. a skill name).</summary>
    public string? Label { get; init; }
}
