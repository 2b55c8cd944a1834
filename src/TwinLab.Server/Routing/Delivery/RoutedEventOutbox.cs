using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>One event waiting in the outbox.</summary>
/// <param name="Id">Its outbox id: ordered by enqueue time (19 digits, compared as text).</param>
/// <param name="Event">The event.</param>
/// <param name="Entered">When it was enqueued (its age for the retry policy counts from here).</param>
public sealed record OutboxEntry(string Id, TwinLabEvent Event, DateTimeOffset Entered);

/// <summary>
/// The durable outbox of routed events that are not in the event log: documents of kind <see cref="DocumentKind"/>, one
/// per event, with ids that order them. Each route keeps its own cursor into it
/// (<see cref="RouteDeliveryState.OutboxCursor"/>); an entry is deleted once every route has passed it.
/// </summary>
/// <remarks>Ids grow strictly within a process (the clock's ticks, or one more than the last id); events enqueued by two
/// processes at once may be ordered by either. Thread-safe.</remarks>
public sealed class RoutedEventOutbox : IRoutedEventOutbox
{
    /// <summary>The document kind outbox events are stored under.</summary>
    public const string DocumentKind = "routed-event";

    private readonly ITwinStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _last;
    private long _version;

    /// <summary>The outbox of <paramref name="store"/>.</summary>
    public RoutedEventOutbox(ITwinStore store, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
        _last = LastId() is { Length: > 0 } last ? long.Parse(last, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Raised after an event was stored (not under any lock the caller holds).</summary>
    public event Action? Enqueued;

    /// <summary>Grows by one with every event this instance stored: a deliverer that saw the outbox empty at version
    /// <c>v</c> need not read it again while the version is still <c>v</c> (events of other processes are found by polling).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <inheritdoc />
    public void Enqueue(TwinLabEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrEmpty(e.Id)) throw new ArgumentException("A routed event needs an id (its ce-id, unique).", nameof(e));
        if (string.IsNullOrEmpty(e.Type)) throw new ArgumentException("A routed event needs a type.", nameof(e));
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _last = Math.Max(_last + 1, now.UtcTicks);
            var id = _last.ToString("D19", CultureInfo.InvariantCulture);
            _store.SaveDocument(new StoredDocument(DocumentKind, id, now, $"{e.Type} {e.Subject}", RoutedEventJson.Write(e)));
            Interlocked.Increment(ref _version);
        }
        Enqueued?.Invoke();
    }

    /// <summary>Up to <paramref name="limit"/> entries after <paramref name="cursor"/>, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> After(string cursor, int limit)
    {
        var entries = new List<OutboxEntry>();
        foreach (var id in Ids().Where(id => string.CompareOrdinal(id, cursor) > 0).Take(limit))
            if (_store.LoadDocument(DocumentKind, id) is { } doc)
                entries.Add(new OutboxEntry(id, RoutedEventJson.Read(doc.Json), doc.Created));
        return entries;
    }

    /// <summary>Entries after <paramref name="cursor"/>.</summary>
    public int CountAfter(string cursor) => Ids().Count(id => string.CompareOrdinal(id, cursor) > 0);

    /// <summary>The id of the newest entry, or "" when the outbox is empty.</summary>
    public string LastId() => Ids().LastOrDefault() ?? "";

    /// <summary>Deletes the entries up to <paramref name="cursor"/> (every route has passed them); returns how many.</summary>
    public int DeleteUpTo(string cursor)
    {
        var deleted = 0;
        foreach (var id in Ids().Where(id => string.CompareOrdinal(id, cursor) <= 0))
            if (_store.DeleteDocument(DocumentKind, id)) deleted++;
        return deleted;
    }

    private IEnumerable<string> Ids() => _store.ListDocuments(DocumentKind).Select(d => d.Id).Order(StringComparer.Ordinal);
}

/// <summary>A <see cref="TwinLabEvent"/> as stored in the outbox: its CloudEvent form plus the twin id.</summary>
internal static class RoutedEventJson
{
    public static string Write(TwinLabEvent e)
    {
        var json = JsonNode.Parse(CloudEventJson.Utf8(e))!.AsObject();
        if (e.TwinId is not null) json["twinid"] = e.TwinId;
        return json.ToJsonString();
    }

    public static TwinLabEvent Read(string text)
    {
        var json = JsonNode.Parse(text)!.AsObject();
        string? S(string name) => json[name]?.GetValue<string>();
        var data = json["data"];
        json.Remove("data");
        return new TwinLabEvent(S("id")!, S("type")!, S("source") ?? "", S("subject") ?? "",
            DateTimeOffset.Parse(S("time")!, CultureInfo.InvariantCulture), GraphEventMapper.Freeze(data))
        {
            DataSchema = S("dataschema"),
            TwinId = S("twinid"),
            Branch = S("branch"),
            Sequence = json["sequence"]?.GetValue<long>(),
            TraceParent = S("traceparent"),
        };
    }
}
