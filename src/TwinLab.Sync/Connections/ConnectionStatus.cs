using System.Text.Json.Serialization;

namespace TwinLab.Sync.Connections;

/// <summary>
/// How a running connection is doing, as the process running it last wrote it (documents of kind
/// <see cref="ConnectionStore.StatusKind"/>, about once a second), so <c>twinlab connections list</c> in another process
/// can show it.
/// </summary>
/// <param name="Id">The connection.</param>
/// <param name="State">One of <see cref="ConnectionStates"/>.</param>
/// <param name="Host">Which process runs it (<c>pid 4242 on plant-gw</c>).</param>
/// <param name="Updated">When this was written; a status not refreshed for <see cref="ConnectionStore.StaleAfter"/> belongs to a
/// process that is gone.</param>
public sealed record ConnectionStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("updated")] DateTimeOffset Updated)
{
    /// <summary>Messages received and not yet durable (committed, recognised as duplicates or dead-lettered).</summary>
    [JsonPropertyName("queued")]
    public long Queued { get; init; }

    /// <summary>Age in milliseconds of the oldest of <see cref="Queued"/>, or 0.</summary>
    [JsonPropertyName("oldestQueuedMs")]
    public double OldestQueuedMs { get; init; }

    /// <summary>Messages received since the process started running the connection.</summary>
    [JsonPropertyName("received")]
    public long Received { get; init; }

    /// <summary>Messages whose changes were committed.</summary>
    [JsonPropertyName("applied")]
    public long Applied { get; init; }

    /// <summary>Messages recognised as already applied (redeliveries, retries).</summary>
    [JsonPropertyName("duplicates")]
    public long Duplicates { get; init; }

    /// <summary>Messages stored as dead letters since the process started running the connection.</summary>
    [JsonPropertyName("deadLettered")]
    public long DeadLettered { get; init; }

    /// <summary>Source errors (lost broker connections, unreadable files) since the process started running the connection.</summary>
    [JsonPropertyName("errors")]
    public long Errors { get; init; }

    /// <summary>The last error (source or ingest), or <c>null</c>.</summary>
    [JsonPropertyName("lastError")]
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    [JsonPropertyName("lastErrorTime")]
    public DateTimeOffset? LastErrorTime { get; init; }

    /// <summary>Median received-to-committed latency in milliseconds of recent messages, or <c>null</c>.</summary>
    [JsonPropertyName("latencyP50Ms")]
    public double? LatencyP50Ms { get; init; }

    /// <summary>99th percentile received-to-committed latency in milliseconds of recent messages, or <c>null</c>.</summary>
    [JsonPropertyName("latencyP99Ms")]
    public double? LatencyP99Ms { get; init; }
}

/// <summary>The states a connection is shown in.</summary>
public static class ConnectionStates
{
    /// <summary>Being started (connecting for the first time).</summary>
    public const string Starting = "starting";

    /// <summary>Receiving (connected, subscribed, watching, or waiting for posts).</summary>
    public const string Running = "running";

    /// <summary>Lost its broker and trying again (with backoff).</summary>
    public const string Reconnecting = "reconnecting";

    /// <summary>Running, but its last attempt failed (the watched folder cannot be read); it keeps trying.</summary>
    public const string Failing = "failing";

    /// <summary>Paused by a user.</summary>
    public const string Paused = "paused";

    /// <summary>Cannot run as configured (e.g. its password variable is not set); see the last error.</summary>
    public const string Failed = "failed";

    /// <summary>Shown by a server that does not run it because another server on the same store holds the work lease and
    /// runs it (several servers on one PostgreSQL database); that server's status and name come with it.</summary>
    public const string Standby = "standby";

    /// <summary>No running process runs it (the server is not running, or stopped it).</summary>
    public const string NotRunning = "not running";
}
