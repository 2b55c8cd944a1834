using TwinLab.Core.Errors;

namespace TwinLab.Health.Simulation;

/// <summary>When a simulated person takes their home readings, and how often they forget.</summary>
/// <param name="Morning">Local time of the morning reading.</param>
/// <param name="Evening">Local time of the evening reading; null for morning readings only.</param>
/// <param name="MissedFraction">Probability that any one reading is not taken (independently per reading), in [0, 1).</param>
/// <remarks>
/// The default follows home-monitoring protocols that ask for a reading on waking and one before bed (for example the
/// ESH practice guideline on home BP monitoring: morning and evening, before medication). A reading taken before noon
/// counts as a morning reading for the time-of-day offset (<see cref="Pharmacology.NoiseModel.TimeOfDayOffset"/>).
/// </remarks>
public sealed record ReadingSchedule(TimeOnly Morning, TimeOnly? Evening, double MissedFraction = 0)
{
    /// <summary>Morning 07:00 and evening 21:00 local time, nothing missed.</summary>
    public static ReadingSchedule Default { get; } = new(new TimeOnly(7, 0), new TimeOnly(21, 0));

    /// <summary>Morning 07:00 only, nothing missed.</summary>
    public static ReadingSchedule MorningOnly { get; } = new(new TimeOnly(7, 0), null);

    /// <summary>The offset of the person's local clock from UTC, stamped on every reading (zero unless set).</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.Zero;

    /// <summary>Readings planned per day (one or two).</summary>
    public int ReadingsPerDay => Evening is null ? 1 : 2;

    /// <summary>The same schedule with a fraction of readings missed at random.</summary>
    public ReadingSchedule WithMissed(double fraction) => this with { MissedFraction = fraction };

    /// <summary>Checks the schedule.</summary>
    /// <exception cref="TwinLabException">The missed fraction is outside [0, 1) or the offset is not a whole number of minutes within ±14 h.</exception>
    public void Validate()
    {
        if (!(MissedFraction >= 0 && MissedFraction < 1))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Reading schedule: the missed fraction {MissedFraction} is not in [0, 1).");
        if (UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0 || UtcOffset.Duration() > TimeSpan.FromHours(14))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Reading schedule: the UTC offset {UtcOffset} is not a whole number of minutes within ±14 h.");
    }
}
