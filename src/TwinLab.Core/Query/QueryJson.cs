using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Writes result rows straight from twin data into one UTF-8 buffer, in the shape <see cref="TwinJson"/> writes, and
/// turns it into rows with a single parse: each row is a <see cref="JsonObject"/> over its part of that document,
/// materialised only when the caller reads or changes it.
/// </summary>
/// <remarks>One instance per execution (not thread-safe: it caches the last formatted timestamp).</remarks>
internal sealed class QueryJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        SkipValidation = true,
        // The text is read back only by this class, so escaping for HTML is wasted work.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _w;

    public QueryJson()
    {
        _w = new Utf8JsonWriter(_buffer, Options);
        _w.WriteStartArray();
    }

    /// <summary>Rows written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Writes a twin as a row.</summary>
    public void TwinRow(Twin t)
    {
        WriteTwin(t);
        Count++;
    }

    /// <summary>Writes a relationship as a row.</summary>
    public void RelationshipRow(Relationship r)
    {
        WriteRelationship(r);
        Count++;
    }

    /// <summary>Starts a projected row.</summary>
    public void StartRow() => _w.WriteStartObject();

    /// <summary>Writes one column of a projected row; call only for defined values.</summary>
    public void Column(string key, in QValue value)
    {
        _w.WritePropertyName(key);
        WriteValue(value);
    }

    /// <summary>Ends a projected row.</summary>
    public void EndRow()
    {
        _w.WriteEndObject();
        Count++;
    }

    /// <summary>The rows written.</summary>
    public List<JsonObject> ToRows()
    {
        var rows = new List<JsonObject>(Count);
        if (Count == 0) return rows;
        _w.WriteEndArray();
        _w.Flush();
        var reader = new Utf8JsonReader(_buffer.WrittenSpan);
        var root = JsonElement.ParseValue(ref reader);
        foreach (var e in root.EnumerateArray()) rows.Add(JsonObject.Create(e)!);
        return rows;
    }

    private void WriteValue(in QValue v)
    {
        switch (v.Kind)
        {
            case QKind.Null:
                _w.WriteNullValue();
                break;
            case QKind.Bool:
                _w.WriteBooleanValue(v.Bool);
                break;
            case QKind.Number when !v.HasElement:
                _w.WriteNumberValue(v.Number);
                break;
            case QKind.String when !v.HasElement:
                _w.WriteStringValue(v.GetString());
                break;
            case QKind.Number or QKind.String or QKind.Object or QKind.Array:
                v.Element.WriteTo(_w);
                break;
            case QKind.Twin:
                WriteTwin(v.Twin);
                break;
            case QKind.Component:
                WriteComponent((TwinComponent)v.Reference!);
                break;
            case QKind.Relationship:
                WriteRelationship((Relationship)v.Reference!);
                break;
            case QKind.TwinMetadata:
                WriteTwinMetadata((Twin)v.Reference!);
                break;
            case QKind.ComponentMetadata:
                WriteComponentMetadata((TwinComponent)v.Reference!);
                break;
            case QKind.PropertyMetadata:
                WritePropertyMetadata((TwinProperty)v.Reference!);
                break;
            default:
                throw new InvalidOperationException("An undefined value has no JSON.");
        }
    }

    private void WriteTwin(Twin t) => TwinJson.WriteTwin(_w, t);

    private void WriteRelationship(Relationship r) => TwinJson.WriteRelationship(_w, r);

    private void WriteComponent(TwinComponent c) => TwinJson.WriteComponent(_w, c);

    private void WriteTwinMetadata(Twin t) => TwinJson.WriteTwinMetadata(_w, t);

    private void WriteComponentMetadata(TwinComponent c) => TwinJson.WriteComponentMetadata(_w, c);

    private void WritePropertyMetadata(TwinProperty p) => TwinJson.WritePropertyMetadata(_w, p);
}
