using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Events;

/// <summary>
/// Turns committed graph changes into the notifications Azure Digital Twins emits for them: twin lifecycle
/// (<c>Twin.Create</c>/<c>Twin.Delete</c>, data = the twin), twin change (<c>Twin.Update</c>, data =
/// <c>{modelId, patch}</c>), relationship changes, telemetry (<c>microsoft.iot.telemetry</c>), and TwinLab's model changes.
/// </summary>
/// <remarks>
/// Each change becomes one event whose id is its sequence number in the event log, so a stream can resume after it.
/// Deviations from ADT, for filtering: relationship and twin events carry <c>dataschema</c> (the twin's model) too.
/// </remarks>
internal static class GraphEventMapper
{
    /// <summary>The events of one committed write, in order.</summary>
    public static List<TwinLabEvent> Map(CommittedWrite write, EventOrigin origin)
    {
        var cursor = new GraphCursor(write.Before);
        var events = new List<TwinLabEvent>();
        for (var i = 0; i < write.Changes.Count; i++)
            events.AddRange(Map(cursor, write.Changes[i], write.FirstSequence + i, write.Branch, write.Timestamp, origin));
        return events;
    }

    /// <summary>The events of one change as of <paramref name="cursor"/>, which then moves past it.</summary>
    public static List<TwinLabEvent> Map(GraphCursor cursor, GraphChange change, long sequence, string branch, DateTimeOffset time, EventOrigin origin)
    {
        var events = new List<TwinLabEvent>(1);
        var id = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        TwinLabEvent Event(string type, string subject, JsonNode? data, string? twinId, string? schema) =>
            new(id, type, origin.Source, subject, time, Freeze(data))
            {
                TwinId = twinId, DataSchema = schema, Branch = branch, Sequence = sequence, TraceParent = origin.TraceParent,
            };

        switch (change)
        {
            case TwinWritten { Created: true } t:
                events.Add(Event(TwinLabEventTypes.TwinCreate, t.Twin.Id, TwinJson.ToNode(t.Twin), t.Twin.Id, t.Twin.ModelId));
                break;
            case TwinWritten t:
                var patch = new JsonObject { ["modelId"] = t.Twin.ModelId, ["patch"] = TwinPatch.Between(cursor.Twin(t.Twin.Id), t.Twin) };
                events.Add(Event(TwinLabEventTypes.TwinUpdate, t.Twin.Id, patch, t.Twin.Id, t.Twin.ModelId));
                break;
            case TwinDeleted d:
                var last = cursor.Twin(d.TwinId);
                events.Add(Event(TwinLabEventTypes.TwinDelete, d.TwinId, last is null ? new JsonObject { ["$dtId"] = d.TwinId } : TwinJson.ToNode(last),
                    d.TwinId, last?.ModelId));
                break;
            case RelationshipWritten r:
            {
                var rel = r.Relationship;
                var model = cursor.Twin(rel.SourceId)?.ModelId;
                JsonNode data = r.Created
                    ? TwinJson.ToNode(rel)
                    : new JsonObject { ["modelId"] = model, ["patch"] = TwinPatch.Between(cursor.Relationship(rel.SourceId, rel.Id), rel) };
                events.Add(Event(r.Created ? TwinLabEventTypes.RelationshipCreate : TwinLabEventTypes.RelationshipUpdate,
                    RelationshipSubject(rel.SourceId, rel.Id), data, rel.SourceId, model));
                break;
            }
            case RelationshipDeleted r:
            {
                var rel = cursor.Relationship(r.SourceId, r.RelationshipId);
                JsonNode data = rel is null
                    ? new JsonObject { ["$relationshipId"] = r.RelationshipId, ["$sourceId"] = r.SourceId, ["$targetId"] = r.TargetId }
                    : TwinJson.ToNode(rel);
                events.Add(Event(TwinLabEventTypes.RelationshipDelete, RelationshipSubject(r.SourceId, r.RelationshipId), data,
                    r.SourceId, cursor.Twin(r.SourceId)?.ModelId));
                break;
            }
            case TelemetryAppended t:
                Telemetry(events, cursor, t, id, sequence, branch, origin);
                break;
            case ModelsImported m:
                events.Add(ModelEvent(Event, "Create", [.. m.Models.Select(e => e.Interface.Id)]));
                break;
            case ModelDeleted m:
                events.Add(ModelEvent(Event, "Delete", [m.ModelId]));
                break;
            case ModelDecommissioned m:
                events.Add(ModelEvent(Event, m.Decommissioned ? "Decommission" : "Recommission", [m.ModelId]));
                break;
        }
        cursor.Apply(change);
        return events;
    }

    /// <summary>ADT's relationship subject: <c>TWIN/relationships/REL</c>.</summary>
    public static string RelationshipSubject(string sourceId, string relationshipId) => $"{sourceId}/relationships/{relationshipId}";

    private static TwinLabEvent ModelEvent(Func<string, string, JsonNode?, string?, string?, TwinLabEvent> make, string action, string[] ids)
    {
        var data = new JsonObject { ["action"] = action, ["modelIds"] = new JsonArray([.. ids.Select(i => (JsonNode?)JsonValue.Create(i))]) };
        return make(TwinLabEventTypes.ModelChange, ids.Length == 1 ? ids[0] : "models", data, null, ids.Length == 1 ? ids[0] : null);
    }

    /// <summary>
    /// One telemetry event per twin (and component) of the change, as ADT emits one per message: data = the message
    /// (telemetry name → value), <c>source</c> = <c>HOST/digitaltwins/TWIN</c>, <c>subject</c> = the component or the twin,
    /// <c>dataschema</c> = the model of the twin or of the component, <c>time</c> = the source time.
    /// </summary>
    private static void Telemetry(List<TwinLabEvent> events, GraphCursor cursor, TelemetryAppended t, string id, long sequence, string branch, EventOrigin origin)
    {
        var k = 0;
        foreach (var group in t.Points.GroupBy(p => (p.TwinId, p.Component)))
        {
            var (twinId, component) = group.Key;
            var body = new JsonObject();
            foreach (var p in group) body[p.Name] = TwinPatch.Node(p.Value);
            var model = cursor.Twin(twinId)?.ModelId;
            var schema = component is not null && model is not null && cursor.Models.FindContent(model, component) is DtdlComponent c ? c.Schema : model;
            events.Add(new TwinLabEvent(k == 0 ? id : $"{id}.{k}", TwinLabEventTypes.Telemetry, $"{origin.Source}/digitaltwins/{twinId}",
                component ?? twinId, group.First().Timestamp, Freeze(body))
            {
                TwinId = twinId, DataSchema = schema, Branch = branch, Sequence = sequence, TraceParent = origin.TraceParent,
            });
            k++;
        }
    }

    /// <summary>
    /// Materializes every node, so that the subscribers that read the event on their own threads only ever read
    /// (a parsed <see cref="JsonObject"/> builds its members lazily, on first access, which is not thread-safe).
    /// </summary>
    internal static JsonNode? Freeze(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o) Freeze(v);
                break;
            case JsonArray a:
                foreach (var v in a) Freeze(v);
                break;
        }
        return node;
    }
}
