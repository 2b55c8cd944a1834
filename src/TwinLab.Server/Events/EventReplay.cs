using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Events;

/// <summary>
/// The events of the log after a sequence number, rebuilt exactly as they were published live: each branch's state is
/// folded up to the resume point and moved forward change by change, so <c>Twin.Update</c> patches and deleted twins'
/// last states are the real ones, and telemetry is read back from the store.
/// </summary>
internal static class EventReplay
{
    private const int PageSize = 500;

    /// <summary>The events with sequence numbers in (<paramref name="after"/>, <paramref name="upTo"/>] of the branches
    /// <paramref name="wantsBranch"/> accepts, in order.</summary>
    public static IEnumerable<TwinLabEvent> Events(TwinService service, long after, long upTo, Func<string, bool> wantsBranch, EventOrigin origin)
    {
        var cursors = new Dictionary<string, GraphCursor?>(StringComparer.Ordinal);
        for (var next = after; next < upTo;)
        {
            var page = service.History(new EventFilter(AfterSequence: next, UpToSequence: upTo, Limit: PageSize));
            if (page.Count == 0) yield break;
            foreach (var stored in page)
            {
                next = stored.Sequence;
                if (!wantsBranch(stored.Branch)) continue;
                if (!cursors.TryGetValue(stored.Branch, out var cursor))
                    cursors[stored.Branch] = cursor = Start(service, stored.Branch, after);
                if (cursor is null) continue;
                var change = stored.Type == nameof(TelemetryAppended)
                    ? Telemetry(service, stored)
                    : GraphChangeJson.Deserialize(stored.Type, stored.Payload, cursor.Models, stored.Timestamp);
                foreach (var e in GraphEventMapper.Map(cursor, change, stored.Sequence, stored.Branch, stored.Timestamp, origin)) yield return e;
            }
        }
    }

    /// <summary>A branch's state at the resume point — or at its fork, if it was forked later — or <c>null</c> if it is gone.</summary>
    private static GraphCursor? Start(TwinService service, string branch, long after)
    {
        var info = service.Branches.FirstOrDefault(b => b.Name == branch);
        if (info is null) return null;
        var at = info.Parent is null ? after : Math.Max(after, info.ForkSequence);
        return new GraphCursor(service.SnapshotOf(branch, at));
    }

    /// <summary>A telemetry event's points, which the store keeps beside the log under the event's sequence number.</summary>
    private static TelemetryAppended Telemetry(TwinService service, StoredEvent stored)
    {
        using var payload = JsonDocument.Parse(stored.Payload);
        var points = new List<TelemetryPoint>();
        TelemetrySource[] only = [new(stored.Branch, stored.Sequence, stored.Sequence - 1)];
        foreach (var twin in payload.RootElement.GetProperty("twins").EnumerateArray())
            points.AddRange(service.Store.ReadTelemetry(only, twin.GetString()!, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        return new TelemetryAppended(points);
    }
}
