namespace TwinLab.ContactCenter.Synthetic;

/// <summary>What month to generate and with which seed.</summary>
public sealed record SyntheticSettings
{
    /// <summary>The seed of every random draw; the same settings always give the same interactions.</summary>
    public ulong Seed { get; init; } = 20250301;

    /// <summary>The first day (times are UTC, written without an offset).</summary>
    public DateOnly Start { get; init; } = new(2025, 3, 1);

    /// <summary>How many days to generate (31: March 2025).</summary>
    public int Days { get; init; } = 31;

    /// <summary>Share of answered contacts asked for a satisfaction score.</summary>
    public double SurveyShare { get; init; } = 0.3;

    /// <summary>Chance that an agent is absent for a whole working day (shrinkage beyond the rostered breaks).</summary>
    public double AbsenceShare { get; init; } = 0.08;
}
