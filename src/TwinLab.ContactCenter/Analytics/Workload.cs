namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// The calls offered to one queue in one planning interval: a forecast volume, the interval length and the
/// average handle time (talk + hold + wrap-up). Arrivals are taken as Poisson and steady within the interval,
/// the assumption of every Erlang formula.
/// </summary>
public sealed record Workload
{
    /// <summary>Creates a workload from a volume per interval.</summary>
    /// <param name="callsPerInterval">Calls expected in the interval (0 allowed: a quiet interval needs no agents).</param>
    /// <param name="interval">The interval length, e.g. 15, 30 or 60 minutes.</param>
    /// <param name="averageHandleTimeSeconds">Mean handle time per call, in seconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, zero where it must be positive, or not finite.</exception>
    public Workload(double callsPerInterval, TimeSpan interval, double averageHandleTimeSeconds)
    {
        CallsPerInterval = Require.NonNegativeFinite(callsPerInterval, nameof(callsPerInterval));
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "Must be positive.");
        Interval = interval;
        AverageHandleTimeSeconds = Require.PositiveFinite(averageHandleTimeSeconds, nameof(averageHandleTimeSeconds));
    }

    /// <summary>Creates a workload from an hourly volume (a one-hour interval).</summary>
    /// <param name="callsPerHour">Calls expected per hour.</param>
    /// <param name="averageHandleTimeSeconds">Mean handle time per call, in seconds.</param>
    public static Workload PerHour(double callsPerHour, double averageHandleTimeSeconds) =>
        new(callsPerHour, TimeSpan.FromHours(1), averageHandleTimeSeconds);

    /// <summary>Calls expected in the interval.</summary>
    public double CallsPerInterval { get; }

    /// <summary>The interval length.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Mean handle time per call, in seconds.</summary>
    public double AverageHandleTimeSeconds { get; }

    /// <summary>The arrival rate λ, in calls per second.</summary>
    public double ArrivalRatePerSecond => CallsPerInterval / Interval.TotalSeconds;

    /// <summary>The offered load A = λ·AHT in Erlangs: the mean number of agents the calls would keep busy.</summary>
    public double OfferedLoad => ArrivalRatePerSecond * AverageHandleTimeSeconds;
}
