namespace TwinLab.Sync.Ingest;

/// <summary>How an <see cref="IngestPipeline"/> queues and batches messages.</summary>
public sealed record IngestOptions
{
    /// <summary>Messages accepted but not yet acknowledged, at most; <see cref="IIngestSink.SubmitAsync"/> waits beyond it.</summary>
    public int Capacity { get; init; } = 20_000;

    /// <summary>Messages committed in one transaction, at most.</summary>
    public int MaxBatch { get; init; } = 2_000;

    /// <summary>How long the writer waits for more messages before committing a batch that is not full.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The branch written (the live twin, <c>main</c>, unless a test or a replay says otherwise).</summary>
    public string Branch { get; init; } = "main";

    /// <summary>Prefix of the actor recorded on the writes; the source is appended (<c>ingest:plant-mqtt</c>).</summary>
    public string ActorPrefix { get; init; } = "ingest:";

    /// <summary>First wait before retrying a commit that failed in the store; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between retries of a failed commit.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
