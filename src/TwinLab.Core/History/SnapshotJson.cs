using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Core.History;

/// <summary>The payload of a stored snapshot, the same in every durable store: <c>{"twins": […], "relationships": […]}</c>
/// in <see cref="TwinJson"/> form.</summary>
public static class SnapshotJson
{
    /// <summary>Writes a snapshot payload as UTF-8 JSON.</summary>
    /// <param name="twins">The twins.</param>
    /// <param name="relationships">The relationships.</param>
    /// <param name="writeTwin">Writes one twin's entry, when a store stores some twins differently (encrypted); <see cref="TwinJson.WriteTwin"/> by default.</param>
    public static byte[] Write(IEnumerable<Twin> twins, IEnumerable<Relationship> relationships, Action<Utf8JsonWriter, Twin>? writeTwin = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("twins");
            foreach (var t in twins) (writeTwin ?? TwinJson.WriteTwin)(w, t);
            w.WriteEndArray();
            w.WriteStartArray("relationships");
            foreach (var r in relationships) TwinJson.WriteRelationship(w, r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a snapshot payload back; <paramref name="readTwin"/> reads one twin's entry (<see cref="TwinJson.ReadTwin"/> by default).</summary>
    public static StoredSnapshot Read(long sequence, long version, byte[] payload, Func<JsonElement, Twin>? readTwin = null)
    {
        using var doc = JsonDocument.Parse(payload);
        var twins = doc.RootElement.GetProperty("twins").EnumerateArray().Select(readTwin ?? TwinJson.ReadTwin).ToArray();
        var rels = doc.RootElement.GetProperty("relationships").EnumerateArray().Select(TwinJson.ReadRelationship).ToArray();
        return new StoredSnapshot(sequence, version, twins, rels);
    }
}
