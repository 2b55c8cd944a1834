namespace TwinLab.ContactCenter.Planning;

/// <summary>How <see cref="SchedulePlanner"/> builds shifts from a staffing table.</summary>
public sealed record PlanningOptions
{
    /// <summary>Shift kinds to choose from (default <see cref="SchedulePlanner.StandardTemplates"/>).</summary>
    public IReadOnlyList<ShiftTemplate> Templates { get; init; } = SchedulePlanner.StandardTemplates;

    /// <summary>Wall-clock limit of each skill's search.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Optional limit in CP-SAT deterministic time units (repeatable even when the search is cut short).</summary>
    public double? DeterministicTimeLimit { get; init; }

    /// <summary>Solver seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Most agents of one skill on shift in any interval; null for no cap.</summary>
    public int? MaxAgentsOnDuty { get; init; }
}
