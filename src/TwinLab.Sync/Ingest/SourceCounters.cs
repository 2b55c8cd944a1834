namespace TwinLab.Sync.Ingest;

/// <summary>The running counters of one source (thread-safe).</summary>
internal sealed class SourceCounters
{
    private long _received, _applied, _duplicates, _deadLettered;
    private readonly LatencyHistogram _latency = new();
    private volatile ErrorNote? _lastError;

    private sealed record ErrorNote(string Message, DateTimeOffset Time);

    public void Received() => Interlocked.Increment(ref _received);

    /// <summary>Takes back a message counted as received that the queue then refused (the pipeline was stopping).</summary>
    public void Unreceived() => Interlocked.Decrement(ref _received);

    public void Done(IngestStatus status, double latencyMs)
    {
        switch (status)
        {
            case IngestStatus.Applied:
                Interlocked.Increment(ref _applied);
                break;
            case IngestStatus.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
            default:
                Interlocked.Increment(ref _deadLettered);
                break;
        }
        if (status != IngestStatus.DeadLettered) _latency.Record(latencyMs);
    }

    public void Error(string message, DateTimeOffset time) => _lastError = new ErrorNote(message, time);

    public IngestCounters Snapshot()
    {
        var applied = Interlocked.Read(ref _applied);
        var duplicates = Interlocked.Read(ref _duplicates);
        var dead = Interlocked.Read(ref _deadLettered);
        var received = Interlocked.Read(ref _received);
        var error = _lastError;
        return new IngestCounters(received, applied, duplicates, dead, Math.Max(0, received - applied - duplicates - dead),
            error?.Message, error?.Time, _latency.Percentile(0.5), _latency.Percentile(0.99));
    }
}
