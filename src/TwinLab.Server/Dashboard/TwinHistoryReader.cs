using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;

namespace TwinLab.Server.Dashboard;

/// <summary>
/// A twin's changes from the event log, newest first, a page at a time: each with its sequence number, time, actor and
/// kind, and what changed — the JSON Patch of an update, the whole twin of a creation or deletion, the relationship of a
/// relationship change — exactly as the change was published on <c>/events</c> (the same <see cref="GraphEventMapper"/>
/// over a <see cref="GraphCursor"/> started at the state just before the page).
/// </summary>
/// <remarks>
/// A branch's history of a twin includes its ancestors' events up to each fork, as the branch sees them. The log is read
/// backwards in growing windows of sequence numbers (the store reads forwards, by twin through its index), so a page
/// costs a few indexed reads however long the log is, plus one fold of the state before the page.
/// </remarks>
internal static class TwinHistoryReader
{
    /// <summary>The event types that change a twin or its relationships (telemetry and model events are not the twin's history).</summary>
    private static readonly string[] ChangeTypes = [nameof(TwinWritten), nameof(TwinDeleted), nameof(RelationshipWritten), nameof(RelationshipDeleted)];

    private const int FirstWindow = 4096;

    /// <summary>One page of the twin's history.</summary>
    /// <param name="service">The twin service.</param>
    /// <param name="twinId">The twin.</param>
    /// <param name="branch">The branch whose view of history is read.</param>
    /// <param name="upTo">The last sequence number to read (a time-travel point, or the end of the log).</param>
    /// <param name="from">Only changes at or after this time.</param>
    /// <param name="to">Only changes before this time.</param>
    /// <param name="top">The most entries on the page.</param>
    /// <returns>The entries, newest first, and the sequence number the next page reads up to, or <c>null</c> on the last page.</returns>
    /// <exception cref="TwinLabException">The twin never existed on the branch up to <paramref name="upTo"/> (DigitalTwinNotFound).</exception>
    public static (JsonArray Entries, long? NextUpTo) Read(TwinService service, string twinId, string branch, long upTo, DateTimeOffset? from, DateTimeOffset? to, int top)
    {
        var lineage = Lineage(service, branch, upTo);
        if (!service.SnapshotOf(branch, upTo).Twins.ContainsKey(twinId) && !lineage.Any(s => service.History(new EventFilter(s.Branch, twinId, UpToSequence: s.UpTo, Limit: 1, Types: ChangeTypes)).Count > 0))
            throw new TwinLabException(ErrorCodes.DigitalTwinNotFound, $"Twin '{twinId}' not found{(branch == BranchInfo.Main ? "" : $" on branch '{branch}'")}: it has no history there.");

        var high = upTo;
        // Sequence numbers grow with commit time, so the log before 'to' ends at the last sequence committed before it.
        if (to is { } t) high = Math.Min(high, service.SequenceAt(t.AddTicks(-1)));
        var floor = from is { } f ? service.SequenceAt(f.AddTicks(-1)) : 0;
        var found = new List<StoredEvent>();
        // The window grows fourfold each round, so a page is a few reads even when the twin's last change is far back.
        for (long window = FirstWindow; found.Count <= top && high > floor; window = Math.Min(window * 4, 1L << 60))
        {
            var low = Math.Max(floor, high - window);
            var chunk = new List<StoredEvent>();
            foreach (var (name, sourceUpTo) in lineage)
            {
                if (sourceUpTo <= low) continue;
                chunk.AddRange(service.History(new EventFilter(name, twinId, AfterSequence: low, UpToSequence: Math.Min(high, sourceUpTo), Since: from, Types: ChangeTypes)));
            }
            chunk.Sort((a, b) => b.Sequence.CompareTo(a.Sequence));
            found.AddRange(chunk);
            high = low;
        }
        var page = found.Take(top).ToList();
        long? next = found.Count > top ? page[^1].Sequence - 1 : null;
        return (Entries(service, branch, page), next);
    }

    /// <summary>The page's entries, newest first: mapped oldest first from the state just before the oldest.</summary>
    private static JsonArray Entries(TwinService service, string branch, List<StoredEvent> newestFirst)
    {
        var entries = new JsonNode?[newestFirst.Count];
        if (newestFirst.Count == 0) return [];
        var cursor = new GraphCursor(service.SnapshotOf(branch, newestFirst[^1].Sequence - 1));
        var origin = new EventOrigin("history", null);
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var e = newestFirst[i];
            var change = GraphChangeJson.Deserialize(e.Type, e.Payload, cursor.Models, e.Timestamp);
            var published = GraphEventMapper.Map(cursor, change, e.Sequence, e.Branch, e.Timestamp, origin);
            entries[i] = Entry(e, change, published.Count > 0 ? published[0] : null);
        }
        return new JsonArray(entries);
    }

    private static JsonObject Entry(StoredEvent e, GraphChange change, TwinLabEvent? published)
    {
        var kind = published?.Type.Replace("Microsoft.DigitalTwins.", "", StringComparison.Ordinal) ?? e.Type;
        var entry = new JsonObject
        {
            ["sequence"] = e.Sequence,
            ["time"] = TwinJson.Format(e.Timestamp),
            ["actor"] = e.Actor,
            ["branch"] = e.Branch,
            ["kind"] = kind,
            ["description"] = GraphChangeJson.Describe(e),
        };
        var data = published?.Data?.DeepClone();
        switch (change)
        {
            case TwinWritten { Created: true } or TwinDeleted:
                entry["twin"] = data;
                break;
            case TwinWritten:
                entry["patch"] = data?["patch"]?.DeepClone();
                break;
            case RelationshipWritten { Created: false } r:
                entry["relationship"] = TwinJson.ToNode(r.Relationship);
                entry["patch"] = data?["patch"]?.DeepClone();
                break;
            default:
                entry["relationship"] = data;
                break;
        }
        return entry;
    }

    /// <summary>
    /// The branches whose events a branch sees up to <paramref name="upTo"/>: itself, then each ancestor up to the fork below
    /// it (as <see cref="TwinService.ReadTelemetry"/> reads telemetry).
    /// </summary>
    private static List<(string Branch, long UpTo)> Lineage(TwinService service, string branch, long upTo)
    {
        var infos = service.Branches.ToDictionary(b => b.Name, StringComparer.Ordinal);
        var result = new List<(string, long)>();
        for (var name = branch; ;)
        {
            if (!infos.TryGetValue(name, out var info))
                throw new TwinLabException(BranchesApi.BranchNotFound, $"Branch '{name}' not found; GET /branches lists them.");
            result.Add((name, upTo));
            if (info.Parent is null) return result;
            upTo = Math.Min(upTo, info.ForkSequence);
            name = info.Parent;
        }
    }

    /// <summary>The opaque continuation token of a page that reads up to <paramref name="upTo"/>.</summary>
    public static string Token(long upTo) => Paging.EncodeToken("h:" + upTo.ToString(CultureInfo.InvariantCulture));

    /// <summary>The sequence number a continuation token reads up to.</summary>
    /// <exception cref="TwinLabException">The token is not one of this endpoint's (InvalidArgument).</exception>
    public static long FromToken(string token)
    {
        var text = Paging.DecodeToken(token);
        return text.StartsWith("h:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? s
            : throw new TwinLabException(ErrorCodes.InvalidArgument, "continuationToken is not valid for this endpoint; follow nextLink as it is.");
    }
}
