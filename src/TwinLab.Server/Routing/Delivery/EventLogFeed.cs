using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>One event read from the log, with where it sits there.</summary>
/// <param name="Event">The event, as the live stream published it.</param>
/// <param name="Sequence">The sequence number of the change it came from.</param>
/// <param name="Index">Its place among that change's events (a telemetry change for several twins has several).</param>
/// <param name="LastOfSequence">Whether it is that change's last event.</param>
/// <param name="Committed">When the change was committed.</param>
internal sealed record FeedItem(TwinLabEvent Event, long Sequence, int Index, bool LastOfSequence, DateTimeOffset Committed);

/// <summary>
/// Follows main's event log from a point, rebuilding each change's events exactly as the live stream publishes them (as
/// <see cref="EventReplay"/> does for a resumed <c>/events</c> stream), one page of the log at a time.
/// </summary>
/// <remarks>
/// <para>Unlike a replay, a feed keeps its position and its graph state between reads, so a deliverer that caught up and
/// is woken by a new commit reads on from where it stopped instead of folding the log again. The state is rebuilt from
/// the current snapshot (cheap when the feed is at the end of the log) after many changes, so it never holds on to an
/// old graph for long.</para>
/// <para>Only <c>main</c>: branches are experiments, and routes, like Azure Digital Twins', carry the live twin's
/// events. Not thread-safe: one feed per reader.</para>
/// </remarks>
internal sealed class EventLogFeed
{
    /// <summary>Stored events read per page.</summary>
    public const int PageSize = 500;

    /// <summary>Changes folded onto one starting state before it is rebuilt from a fresh snapshot.</summary>
    private const int RebaseAfter = 20_000;

    private readonly TwinService _service;
    private readonly Func<EventOrigin> _origin;
    private readonly Queue<FeedItem> _pending = new();
    private GraphCursor? _cursor;
    private IReadOnlyList<StoredEvent> _page = [];
    private int _pageIndex;
    private long _skipSequence;
    private int _skip;
    private int _applied;

    /// <summary>A feed of the events after sequence number <paramref name="after"/>, leaving out the first
    /// <paramref name="skipInNext"/> events of the change after it (they were handled before).</summary>
    public EventLogFeed(TwinService service, Func<EventOrigin> origin, long after, int skipInNext = 0)
    {
        _service = service;
        _origin = origin;
        Position = after;
        _skipSequence = after + 1;
        _skip = skipInNext;
    }

    /// <summary>The sequence number of the last change read from the log (its events may still be pending).</summary>
    public long Position { get; private set; }

    /// <summary>Whether events of the last change read are still to be returned.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>The next event, or <c>null</c> at the end of the log (call again later for newer events).</summary>
    public FeedItem? Next()
    {
        while (true)
        {
            if (_pending.TryDequeue(out var item)) return item;
            if (_pageIndex >= _page.Count)
            {
                // The end is read first, so a page that comes back empty proves there is no main change up to it.
                var end = _service.LastSequence;
                if (end <= Position) return null;
                _page = _service.History(new EventFilter(Branch: BranchInfo.Main, AfterSequence: Position, UpToSequence: end, Limit: PageSize));
                _pageIndex = 0;
                if (_page.Count == 0)
                {
                    Position = end;
                    if (_applied >= RebaseAfter) Rebase();
                    return null;
                }
            }
            var stored = _page[_pageIndex++];
            _cursor ??= new GraphCursor(_service.SnapshotOf(BranchInfo.Main, Position));
            Position = stored.Sequence;
            var change = stored.Type == nameof(TelemetryAppended)
                ? Telemetry(stored)
                : GraphChangeJson.Deserialize(stored.Type, stored.Payload, _cursor.Models, stored.Timestamp);
            var events = GraphEventMapper.Map(_cursor, change, stored.Sequence, stored.Branch, stored.Timestamp, _origin());
            _applied++;
            var skip = stored.Sequence == _skipSequence ? _skip : 0;
            for (var i = skip; i < events.Count; i++)
                _pending.Enqueue(new FeedItem(events[i], stored.Sequence, i, i == events.Count - 1, stored.Timestamp));
        }
    }

    /// <summary>Drops the folded state; the next read starts again from a snapshot at the current position.</summary>
    private void Rebase()
    {
        _cursor = null;
        _applied = 0;
    }

    /// <summary>A telemetry change's points, which the store keeps beside the log under the change's sequence number.</summary>
    private TelemetryAppended Telemetry(StoredEvent stored)
    {
        using var payload = JsonDocument.Parse(stored.Payload);
        var points = new List<TelemetryPoint>();
        TelemetrySource[] only = [new(stored.Branch, stored.Sequence, stored.Sequence - 1)];
        foreach (var twin in payload.RootElement.GetProperty("twins").EnumerateArray())
            points.AddRange(_service.Store.ReadTelemetry(only, twin.GetString()!, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        return new TelemetryAppended(points);
    }
}
