using System.Text.Json;
using System.Text.Json.Serialization;
using TwinLab.Core.Twins;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Connections;

/// <summary>
/// Dead-letter replays asked of the process running the connections by another process (documents of kind
/// <see cref="DocumentKind"/>): the CLI must not write to a database a running server writes to, so it leaves the replay
/// to the server (which picks it up within a second) and waits for the answer.
/// </summary>
public static class ReplayRequests
{
    /// <summary>The document kind of a request.</summary>
    public const string DocumentKind = "deadletter-replay";

    /// <summary>Asks for dead letter <paramref name="letterId"/> to be replayed.</summary>
    public static void Request(ITwinStore store, string letterId, DateTimeOffset now) =>
        Save(store, new Entry(letterId, now, Done: false, Status: null, Reason: null));

    /// <summary>The letters whose replay is asked for and not yet done, oldest first.</summary>
    public static IReadOnlyList<string> Pending(ITwinStore store) =>
        [.. store.ListDocuments(DocumentKind).Reverse().Where(d => Read(store, d.Id) is { Done: false }).Select(d => d.Id)];

    /// <summary>Records the outcome of a requested replay (<paramref name="outcome"/> <c>null</c>: it failed with <paramref name="error"/>).</summary>
    public static void Complete(ITwinStore store, string letterId, ReplayOutcome? outcome, Core.Errors.TwinLabException? error, DateTimeOffset now) =>
        Save(store, new Entry(letterId, now, Done: true, outcome?.Status.ToString(), outcome?.Reason ?? error?.Message) { ErrorCode = outcome is null ? error?.Code ?? "InternalError" : null });

    /// <summary>
    /// Waits until the request for <paramref name="letterId"/> is done, then removes it and returns its outcome; <c>null</c> when
    /// it was not done within <paramref name="timeout"/> (the request is withdrawn).
    /// </summary>
    /// <exception cref="Core.Errors.TwinLabException">The running process could not replay it (the message says why).</exception>
    public static async Task<ReplayOutcome?> WaitAsync(ITwinStore store, string letterId, TimeSpan timeout, CancellationToken cancel)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            if (Read(store, letterId) is { Done: true } done)
            {
                store.DeleteDocument(DocumentKind, letterId);
                if (done.ErrorCode is { } code) throw new Core.Errors.TwinLabException(code, done.Reason ?? "The replay failed.");
                return new ReplayOutcome(letterId, Enum.Parse<IngestStatus>(done.Status!), done.Reason);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancel);
        }
        store.DeleteDocument(DocumentKind, letterId);
        return null;
    }

    private static Entry? Read(ITwinStore store, string id) =>
        store.LoadDocument(DocumentKind, id) is { } doc ? JsonSerializer.Deserialize<Entry>(doc.Json) : null;

    private static void Save(ITwinStore store, Entry e) =>
        store.SaveDocument(new StoredDocument(DocumentKind, e.Letter, e.Time, e.Done ? $"replayed: {e.Status}" : "requested", JsonSerializer.Serialize(e)));

    private sealed record Entry(
        [property: JsonPropertyName("letter")] string Letter,
        [property: JsonPropertyName("time")] DateTimeOffset Time,
        [property: JsonPropertyName("done")] bool Done,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("reason")] string? Reason)
    {
        [JsonPropertyName("errorCode")]
        public string? ErrorCode { get; init; }
    }
}
