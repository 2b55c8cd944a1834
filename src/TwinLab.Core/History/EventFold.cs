using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Core.History;

/// <summary>Rebuilds graph state from stored events: the fold that makes the log the source of truth.</summary>
public static class EventFold
{
    /// <summary>Applies <paramref name="events"/> (in sequence order) to <paramref name="start"/>.</summary>
    /// <returns>The state after the last event; its version is the last event's sequence number (or the start's, if larger).</returns>
    public static GraphSnapshot Apply(GraphSnapshot start, IEnumerable<StoredEvent> events)
    {
        var replayer = new TwinGraphReplayer(start);
        var version = start.Version;
        foreach (var e in events)
        {
            version = Math.Max(version, e.Sequence);
            if (e.Type == nameof(TelemetryAppended)) continue;
            replayer.Apply(GraphChangeJson.Deserialize(e.Type, e.Payload, replayer.Models, e.Timestamp));
        }
        return replayer.ToSnapshot(version);
    }

    /// <summary>The models after folding only the model events.</summary>
    public static ModelSet Models(ModelSet start, IEnumerable<StoredEvent> modelEvents) => Apply(GraphSnapshot.Empty with { Models = start }, modelEvents).Models;
}
