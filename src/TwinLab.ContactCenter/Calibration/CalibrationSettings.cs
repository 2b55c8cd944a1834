namespace TwinLab.ContactCenter.Calibration;

/// <summary>How <see cref="CenterCalibration.Calibrate"/> fits a centre, and when it calls the data too thin.</summary>
public sealed record CalibrationSettings
{
    /// <summary>Length of an arrival-rate interval in minutes (15, 30 or 60; any divisor of a day works).</summary>
    public int IntervalMinutes { get; init; } = 30;

    /// <summary>Confidence level of every interval reported (0–1).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>A queue with fewer rows gets a warning: its estimates are imprecise.</summary>
    public int MinRowsPerQueue { get; init; } = 200;

    /// <summary>A queue with fewer positive handle times borrows the fit pooled over its channel.</summary>
    public int MinHandleTimes { get; init; } = 30;

    /// <summary>A queue with fewer abandonments gets an exponential patience only, with a warning.</summary>
    public int MinAbandonments { get; init; } = 30;

    /// <summary>Fewer surveyed rows than this and no satisfaction model is fitted.</summary>
    public int MinSurveyed { get; init; } = 50;

    /// <summary>Share of surveyed rows held out to score the satisfaction model (0–0.9).</summary>
    public double HoldOutShare { get; init; } = 0.2;

    /// <summary>Seed of the hold-out split.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Days ahead to forecast arrivals (and the horizon of each back-test origin).</summary>
    public int ForecastDays { get; init; } = 7;

    /// <summary>The last days of the log used as rolling back-test origins.</summary>
    public int BackTestDays { get; init; } = 21;

    /// <summary>Repeat delay used because the log cannot link a repeat to its earlier contact.</summary>
    public double DefaultRepeatDelayHours { get; init; } = 24;

    /// <exception cref="ArgumentOutOfRangeException">a setting is out of range.</exception>
    internal void Validate()
    {
        WeekGrid.Check(IntervalMinutes);
        Check(Confidence is > 0 and < 1, nameof(Confidence), Confidence, "must be in (0, 1)");
        Check(MinRowsPerQueue >= 0, nameof(MinRowsPerQueue), MinRowsPerQueue, "must be >= 0");
        Check(MinHandleTimes >= 2, nameof(MinHandleTimes), MinHandleTimes, "must be >= 2");
        Check(MinAbandonments >= 1, nameof(MinAbandonments), MinAbandonments, "must be >= 1");
        Check(MinSurveyed >= 10, nameof(MinSurveyed), MinSurveyed, "must be >= 10");
        Check(HoldOutShare is >= 0 and <= 0.9, nameof(HoldOutShare), HoldOutShare, "must be in [0, 0.9]");
        Check(ForecastDays >= 1, nameof(ForecastDays), ForecastDays, "must be >= 1");
        Check(BackTestDays >= 1, nameof(BackTestDays), BackTestDays, "must be >= 1");
        Check(DefaultRepeatDelayHours > 0, nameof(DefaultRepeatDelayHours), DefaultRepeatDelayHours, "must be > 0");
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}.");
    }
}
