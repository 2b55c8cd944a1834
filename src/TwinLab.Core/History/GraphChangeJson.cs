using System.Text;
using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Core.History;

/// <summary>
/// The durable JSON form of a <see cref="GraphChange"/>, as the event log stores it.
/// </summary>
/// <remarks>
/// Twins and relationships are written in full (their Azure Digital Twins JSON), so replaying an event never needs
/// the state before it; imported models are written as the documents submitted and re-parsed on replay.
/// </remarks>
public static class GraphChangeJson
{
    /// <summary>The event type name stored beside the payload (e.g. <c>TwinWritten</c>).</summary>
    public static string TypeOf(GraphChange change) => change.GetType().Name;

    /// <summary>The twin an event concerns, for filtering the history by twin; <c>null</c> for model events.</summary>
    public static IEnumerable<string> TwinsOf(GraphChange change) => change switch
    {
        TwinWritten t => [t.Twin.Id],
        TwinDeleted t => [t.TwinId],
        RelationshipWritten r => [r.Relationship.SourceId, r.Relationship.TargetId],
        RelationshipDeleted r => r.TargetId is null ? [r.SourceId] : [r.SourceId, r.TargetId],
        TelemetryAppended t => DistinctTwins(t.Points),
        _ => [],
    };

    /// <summary>The twins of telemetry points, each once, in order of first appearance (as <c>Distinct</c> gives them),
    /// without a set for the usual single point: telemetry intake writes one event per message.</summary>
    private static IReadOnlyList<string> DistinctTwins(IReadOnlyList<TelemetryPoint> points)
    {
        if (points.Count == 1) return [points[0].TwinId];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var twins = new List<string>();
        foreach (var p in points)
            if (seen.Add(p.TwinId)) twins.Add(p.TwinId);
        return twins;
    }

    /// <summary>The payload of a telemetry event that appended <paramref name="count"/> points to <paramref name="twins"/>:
    /// what a purge leaves of an event that also appended points to twins it erased.</summary>
    public static string TelemetryPayload(IReadOnlyList<string> twins, int count)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            w.WriteStartArray("twins");
            foreach (var id in twins) w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the change's payload.</summary>
    public static string Serialize(GraphChange change)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, change);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the change's payload (the same JSON as <see cref="Serialize"/>) to <paramref name="w"/>, which a
    /// store may reuse from one event to the next.</summary>
    public static void Write(Utf8JsonWriter w, GraphChange change)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(change);
        w.WriteStartObject();
        switch (change)
        {
            case ModelsImported m:
                w.WriteStartArray("sources");
                foreach (var s in m.Sources)
                {
                    w.WriteStartObject();
                    w.WriteString("file", s.FileName);
                    w.WriteString("text", s.Text);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("ids");
                foreach (var e in m.Models) w.WriteStringValue(e.Interface.Id);
                w.WriteEndArray();
                if (m.Models.Count > 0) w.WriteString("uploadTime", TwinJson.Format(m.Models[0].UploadTime));
                break;
            case ModelDeleted d:
                w.WriteString("modelId", d.ModelId);
                break;
            case ModelDecommissioned d:
                w.WriteString("modelId", d.ModelId);
                w.WriteBoolean("decommissioned", d.Decommissioned);
                break;
            case TwinWritten t:
                w.WriteBoolean("created", t.Created);
                w.WritePropertyName("twin");
                TwinJson.WriteTwin(w, t.Twin);
                break;
            case TwinDeleted t:
                w.WriteString("twinId", t.TwinId);
                break;
            case RelationshipWritten r:
                w.WriteBoolean("created", r.Created);
                w.WritePropertyName("relationship");
                TwinJson.WriteRelationship(w, r.Relationship);
                break;
            case RelationshipDeleted r:
                w.WriteString("sourceId", r.SourceId);
                w.WriteString("relationshipId", r.RelationshipId);
                if (r.TargetId is not null) w.WriteString("targetId", r.TargetId);
                break;
            case TelemetryAppended t:
                // The points themselves live in the store's telemetry table, keyed by this event's sequence number.
                w.WriteNumber("count", t.Points.Count);
                w.WriteStartArray("twins");
                foreach (var id in DistinctTwins(t.Points)) w.WriteStringValue(id);
                w.WriteEndArray();
                break;
            case ContentErased:
                break;
            case TwinsPurged p:
                w.WriteStartArray("twins");
                foreach (var hash in p.TwinHashes) w.WriteStringValue(hash);
                w.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Unknown change type {change.GetType().Name}.", nameof(change));
        }
        w.WriteEndObject();
    }

    /// <summary>Reads a state-changing payload back (telemetry events carry no state and are not read back this way).</summary>
    /// <param name="type">The stored type name.</param>
    /// <param name="payload">The stored JSON.</param>
    /// <param name="models">The models as they were before this event (imports are re-parsed against them).</param>
    /// <param name="timestamp">The event's time (becomes the upload time of imported models).</param>
    public static GraphChange Deserialize(string type, string payload, ModelSet models, DateTimeOffset timestamp)
    {
        using var doc = JsonDocument.Parse(payload);
        var e = doc.RootElement;
        switch (type)
        {
            case nameof(ModelsImported):
                var sources = e.GetProperty("sources").EnumerateArray()
                    .Select(s => new DtdlSource(s.GetProperty("text").GetString()!, s.GetProperty("file").GetString())).ToArray();
                var parsed = DtdlParser.Parse(sources, models);
                var uploaded = e.TryGetProperty("uploadTime", out var u)
                    ? DateTimeOffset.Parse(u.GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal)
                    : timestamp;
                return new ModelsImported(parsed.Select(i => new ModelEntry(i, uploaded)).ToArray()) { Sources = sources };
            case nameof(ModelDeleted):
                return new ModelDeleted(e.GetProperty("modelId").GetString()!);
            case nameof(ModelDecommissioned):
                return new ModelDecommissioned(e.GetProperty("modelId").GetString()!, e.GetProperty("decommissioned").GetBoolean());
            case nameof(TwinWritten):
                return new TwinWritten(TwinJson.ReadTwin(e.GetProperty("twin")), e.GetProperty("created").GetBoolean());
            case nameof(TwinDeleted):
                return new TwinDeleted(e.GetProperty("twinId").GetString()!);
            case nameof(RelationshipWritten):
                return new RelationshipWritten(TwinJson.ReadRelationship(e.GetProperty("relationship")), e.GetProperty("created").GetBoolean());
            case nameof(RelationshipDeleted):
                return new RelationshipDeleted(e.GetProperty("sourceId").GetString()!, e.GetProperty("relationshipId").GetString()!)
                {
                    TargetId = e.TryGetProperty("targetId", out var target) ? target.GetString() : null,
                };
            case nameof(ContentErased):
                return new ContentErased();
            case nameof(TwinsPurged):
                return new TwinsPurged([.. e.GetProperty("twins").EnumerateArray().Select(h => h.GetString()!)]);
            default:
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"Unknown event type '{type}' in the event log.");
        }
    }

    /// <summary>A one-line description of a stored event for history listings.</summary>
    public static string Describe(StoredEvent e)
    {
        using var doc = JsonDocument.Parse(e.Payload);
        var p = doc.RootElement;
        string S(JsonElement x, string name) => x.GetProperty(name).GetString() ?? "";
        return e.Type switch
        {
            nameof(ModelsImported) => $"imported {p.GetProperty("ids").GetArrayLength()} model(s): {string.Join(", ", p.GetProperty("ids").EnumerateArray().Take(3).Select(i => i.GetString()))}{(p.GetProperty("ids").GetArrayLength() > 3 ? ", …" : "")}",
            nameof(ModelDeleted) => $"deleted model {S(p, "modelId")}",
            nameof(ModelDecommissioned) => $"{(p.GetProperty("decommissioned").GetBoolean() ? "decommissioned" : "recommissioned")} model {S(p, "modelId")}",
            nameof(TwinWritten) => $"{(p.GetProperty("created").GetBoolean() ? "created" : "updated")} twin {S(p.GetProperty("twin"), "$dtId")} → {S(p.GetProperty("twin"), "$etag")}",
            nameof(TwinDeleted) => $"deleted twin {S(p, "twinId")}",
            nameof(RelationshipWritten) => $"{(p.GetProperty("created").GetBoolean() ? "added" : "updated")} {S(p.GetProperty("relationship"), "$sourceId")} -[{S(p.GetProperty("relationship"), "$relationshipName")}]-> {S(p.GetProperty("relationship"), "$targetId")}",
            nameof(RelationshipDeleted) => $"deleted relationship {S(p, "relationshipId")} of {S(p, "sourceId")}",
            nameof(TelemetryAppended) => $"appended {p.GetProperty("count").GetInt32()} telemetry point(s) to {string.Join(", ", p.GetProperty("twins").EnumerateArray().Select(i => i.GetString()))}",
            nameof(ContentErased) => "content erased by a purge",
            nameof(TwinsPurged) => $"purged {p.GetProperty("twins").GetArrayLength()} twin(s) with their history, telemetry and documents",
            _ => e.Type,
        };
    }
}
