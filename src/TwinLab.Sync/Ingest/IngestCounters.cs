namespace TwinLab.Sync.Ingest;

/// <summary>What an <see cref="IngestPipeline"/> has done with one source's messages since it started.</summary>
/// <param name="Received">Messages accepted into the queue.</param>
/// <param name="Applied">Messages whose changes were committed.</param>
/// <param name="Duplicates">Messages recognised as already applied (by their key).</param>
/// <param name="DeadLettered">Messages stored as dead letters.</param>
/// <param name="Queued">Messages accepted and not yet acknowledged.</param>
/// <param name="LastError">The last dead-letter reason or store failure, or <c>null</c>.</param>
/// <param name="LastErrorTime">When it happened, or <c>null</c>.</param>
/// <param name="LatencyP50Ms">Median milliseconds from received to committed (0 before any commit).</param>
/// <param name="LatencyP99Ms">99th percentile of the same.</param>
public sealed record IngestCounters(long Received, long Applied, long Duplicates, long DeadLettered, long Queued,
    string? LastError, DateTimeOffset? LastErrorTime, double LatencyP50Ms, double LatencyP99Ms)
{
    /// <summary>No messages yet.</summary>
    public static IngestCounters Empty { get; } = new(0, 0, 0, 0, 0, null, null, 0, 0);
}
