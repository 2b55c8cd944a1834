namespace TwinLab.ContactCenter.Planning;

/// <summary>How <see cref="IntervalStaffing"/> turns workload into agents, beyond the service goal itself.</summary>
public sealed record StaffingOptions
{
    /// <summary>Email's answer target in hours (informational: email is staffed by workload, see <see cref="IntervalStaffing"/>).</summary>
    public double EmailTargetHours { get; init; } = 24;

    /// <summary>Occupancy email agents may run at when the goal has no occupancy cap (0–1]; email waits in a backlog,
    /// so agents can be kept busy, but not beyond this.</summary>
    public double EmailOccupancy { get; init; } = 0.95;

    /// <summary>Replaces the roster's shrinkage (share of paid time not on contacts) when set, in [0, 1).</summary>
    public double? Shrinkage { get; init; }

    /// <summary>
    /// Whether unresolved contacts come back on top of the model's arrival rates, as the simulator has them: the
    /// offered rate is then fresh contacts plus their expected repeats, placed in the week by the repeat delay and the
    /// opening hours as the simulator places them (<see cref="RepeatFlow"/>). Set false when the rates already include repeat contacts.
    /// </summary>
    public bool CountRepeats { get; init; } = true;

    /// <summary>Chats an agent handles at once where the roster has no agent with the chat queue's skill.</summary>
    public int DefaultChatConcurrency { get; init; } = 2;

    /// <summary>Cost per agent hour where the roster has no agent with a queue's skill (and no agents at all).</summary>
    public double DefaultCostPerHour { get; init; }
}
