namespace TwinLab.Sync.Drift;

/// <summary>How a <see cref="DriftMonitor"/> runs.</summary>
public sealed record DriftMonitorOptions
{
    /// <summary>The defaults.</summary>
    public static DriftMonitorOptions Default { get; } = new();

    /// <summary>
    /// Committed writes with telemetry held in memory for evaluation (10,000). When intake outruns the monitor beyond
    /// this, the queued writes are dropped and the monitor reads them back from the event log instead, so nothing is
    /// missed and memory stays bounded.
    /// </summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Events read from the log per step while catching up (500).</summary>
    public int CatchUpPage { get; init; } = 500;

    /// <summary>How long the loop waits before trying again after the store failed (1 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
