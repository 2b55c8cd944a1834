namespace TwinLab.Sync.Ingest;

/// <summary>
/// One message as a connection received it — an MQTT publish, a line of an HTTP batch or of a file — before its mapping
/// turns it into twin changes.
/// </summary>
/// <param name="Source">The connection (or <c>ingest:FILE</c>, <c>http</c>) it came from; dead letters and counters are kept per source.</param>
/// <param name="Topic">The MQTT topic, the file path, or the HTTP route it arrived on; mappings select rules by it.</param>
/// <param name="Payload">The raw payload (UTF-8 JSON for MQTT and NDJSON; a CSV row is handed over as a JSON object of column to value).</param>
/// <param name="Position">Where it was, for error messages: <c>line 12</c>, <c>topic plant/1/temp</c>, <c>batch line 3</c>.</param>
/// <param name="Received">When TwinLab received it (the start of its ingest-to-visible latency).</param>
public sealed record InboundMessage(string Source, string Topic, ReadOnlyMemory<byte> Payload, string Position, DateTimeOffset Received)
{
    /// <summary>
    /// The message's de-duplication key, when the source has one (HTTP <c>Message-Id</c>, a file's path and line). Without
    /// it the mapping's <c>key</c> path or a hash of topic and payload is used (see <c>IngestPipeline</c>).
    /// </summary>
    public string? Key { get; init; }

    /// <summary>
    /// Called exactly once when the message's fate is durable: its effect committed, recognised as a duplicate, or stored
    /// as a dead letter. Sources acknowledge upstream only then (an MQTT PUBACK, an HTTP response, a file's checkpoint), so
    /// a crash before it means the message is delivered again and de-duplicated, never lost.
    /// </summary>
    public Func<IngestResult, ValueTask>? Acknowledge { get; init; }

    /// <summary>
    /// Why the source could not read the message (a CSV row with the wrong number of fields), or <c>null</c>. Such a
    /// message is not mapped: it goes to the dead letters with this reason and its raw <see cref="Payload"/>.
    /// </summary>
    public string? Error { get; init; }
}

/// <summary>What became of an ingested message.</summary>
public enum IngestStatus
{
    /// <summary>Its changes were committed.</summary>
    Applied,

    /// <summary>Its key had been committed before: nothing was applied again.</summary>
    Duplicate,

    /// <summary>It could not be applied (bad JSON, no mapping rule, unknown twin, a value the model refuses): it is in the dead-letter store.</summary>
    DeadLettered,
}

/// <summary>The fate of one ingested message.</summary>
/// <param name="Status">Applied, duplicate or dead-lettered.</param>
/// <param name="Reason">Why it was dead-lettered (names the field, line or twin), or <c>null</c>.</param>
/// <param name="Sequence">The last event sequence number of the write that applied it, or <c>null</c>.</param>
public sealed record IngestResult(IngestStatus Status, string? Reason = null, long? Sequence = null);

/// <summary>Where connections hand their messages: a bounded queue, so a slow store slows intake instead of filling memory.</summary>
public interface IIngestSink
{
    /// <summary>Queues a message; waits while the queue is full (backpressure).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled while waiting.</exception>
    ValueTask SubmitAsync(InboundMessage message, CancellationToken cancel = default);
}
