using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.DeadLetters;

/// <summary>A message or routed event that could not be applied or delivered, kept with the reason.</summary>
/// <param name="Id">Unique id; derived from the source and the message key, so storing the same failure twice (after a
/// redelivery) keeps one entry.</param>
/// <param name="Kind"><see cref="DeadLetterStore.Ingest"/> (an inbound message) or <see cref="DeadLetterStore.Route"/> (an event a route could not deliver).</param>
/// <param name="Source">The connection or route it belongs to.</param>
/// <param name="Reason">Why it failed, naming the field, line, twin or HTTP status.</param>
/// <param name="Position">Where it was (<c>line 12</c>, <c>topic plant/1/temp</c>, <c>event 1042</c>).</param>
/// <param name="Payload">The payload as UTF-8 text, or base64 when <paramref name="PayloadIsBase64"/>.</param>
/// <param name="PayloadIsBase64">The payload was not valid UTF-8 and is stored as base64.</param>
/// <param name="Time">When it was dead-lettered.</param>
/// <param name="Attempts">Delivery attempts made (routes); 1 for inbound messages.</param>
public sealed record DeadLetter(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("position")] string Position,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("payloadIsBase64")] bool PayloadIsBase64,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("attempts")] int Attempts = 1)
{
    /// <summary>The topic, file or endpoint involved, or <c>null</c>.</summary>
    [JsonPropertyName("topic")]
    public string? Topic { get; init; }
}

/// <summary>
/// The dead-letter store: messages and events that failed, kept beside the twin graph (documents of kind
/// <see cref="DocumentKind"/>) so they survive restarts and never block the stream they came from.
/// </summary>
/// <remarks>Thread-safe (the store serialises its own access).</remarks>
public sealed class DeadLetterStore(ITwinStore store, TimeProvider? time = null)
{
    /// <summary>The document kind dead letters are stored under.</summary>
    public const string DocumentKind = "deadletter";

    /// <summary><see cref="DeadLetter.Kind"/> of an inbound message that could not be applied.</summary>
    public const string Ingest = "ingest";

    /// <summary><see cref="DeadLetter.Kind"/> of a routed event that could not be delivered.</summary>
    public const string Route = "route";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Stores a failure. <paramref name="key"/> identifies the message or event within its source: the same
    /// source and key replace the earlier entry instead of adding another.</summary>
    public DeadLetter Add(string kind, string source, string key, string reason, string position, ReadOnlySpan<byte> payload,
        string? topic = null, int attempts = 1)
    {
        string text;
        bool base64;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
            base64 = false;
        }
        catch (DecoderFallbackException)
        {
            text = Convert.ToBase64String(payload);
            base64 = true;
        }
        var letter = new DeadLetter(IdOf(kind, source, key), kind, source, reason, position, text, base64, _time.GetUtcNow(), attempts) { Topic = topic };
        store.SaveDocument(new StoredDocument(DocumentKind, letter.Id, letter.Time, $"{kind} {source}: {Shorten(reason)}",
            JsonSerializer.Serialize(letter)));
        return letter;
    }

    /// <summary>Dead letters, newest first, optionally of one source only, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<DeadLetter> List(string? source = null, int limit = 100)
    {
        var result = new List<DeadLetter>();
        foreach (var listed in store.ListDocuments(DocumentKind))
        {
            if (result.Count >= limit) break;
            if (Get(listed.Id) is not { } letter) continue;
            if (source is null || letter.Source == source) result.Add(letter);
        }
        return result;
    }

    /// <summary>Number of dead letters, optionally of one source only.</summary>
    public int Count(string? source = null) => source is null
        ? store.ListDocuments(DocumentKind).Count
        : List(source, int.MaxValue).Count;

    /// <summary>A dead letter by id, or <c>null</c>.</summary>
    public DeadLetter? Get(string id) =>
        store.LoadDocument(DocumentKind, id) is { } doc ? JsonSerializer.Deserialize<DeadLetter>(doc.Json) : null;

    /// <summary>Deletes a dead letter (after it was replayed or judged); returns whether it existed.</summary>
    public bool Delete(string id) => store.DeleteDocument(DocumentKind, id);

    private static string IdOf(string kind, string source, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{source}\n{key}"));
        return $"{kind}-{Convert.ToHexStringLower(hash.AsSpan(0, 12))}";
    }

    private static string Shorten(string reason) => reason.Length <= 120 ? reason : reason[..117] + "...";
}
