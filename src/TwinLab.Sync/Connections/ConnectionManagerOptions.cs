using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Connections;

/// <summary>How a <see cref="ConnectionManager"/> runs.</summary>
public sealed record ConnectionManagerOptions
{
    /// <summary>How often the stored connections are read again (to notice changes made by another process), replay
    /// requests are taken up and statuses written. Default one second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a connection that failed to start (e.g. its password variable is not set) waits before it is tried
    /// again. Default 10 s.</summary>
    public TimeSpan RetryFailedAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The shared ingest pipeline's options (queue capacity, batch size, branch); <c>null</c> for its defaults.</summary>
    public IngestOptions? Ingest { get; init; }

    /// <summary>This process as status documents name it.</summary>
    public string Host { get; init; } = ConnectionHost.ThisProcess;
}
