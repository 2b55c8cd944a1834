using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Writes result rows straight from twin data as UTF-8 JSON, in the shape <see cref="TwinJson"/> writes: either into
/// its own buffer, turned into rows with a single parse (each row a <see cref="JsonObject"/> over its part of that
/// document, materialised only when the caller reads or changes it), or into a caller's writer, only the rows of one
/// page (a window of <c>skip</c>, <c>take</c> rows).
/// </summary>
/// <remarks>One instance per execution (not thread-safe).</remarks>
internal sealed class QueryJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        SkipValidation = true,
        // The text is read back only by this class, so escaping for HTML is wasted work.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte>? _buffer;
    private readonly Utf8JsonWriter _w;
    private readonly long _skip;
    private readonly long _end;

    /// <summary>Collects every row, for <see cref="ToRows"/>.</summary>
    public QueryJson()
    {
        _buffer = new ArrayBufferWriter<byte>(4096);
        _w = new Utf8JsonWriter(_buffer, Options);
        _w.WriteStartArray();
        _end = long.MaxValue;
    }

    /// <summary>Writes rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> - 1 (0-based) to
    /// <paramref name="writer"/>, one JSON value each; the other rows are only counted.</summary>
    public QueryJson(Utf8JsonWriter writer, int skip, int take)
    {
        _w = writer;
        _skip = skip;
        _end = (long)skip + take;
    }

    /// <summary>Rows produced so far, written or not.</summary>
    public long Count { get; private set; }

    /// <summary>Rows written so far.</summary>
    public int Written { get; private set; }

    /// <summary>Whether the next row is one to write (else call <see cref="SkipRow"/> instead of writing it).</summary>
    public bool Wanted => Count >= _skip && Count < _end;

    /// <summary>How many rows are worth producing: the page, and one more to tell whether another page follows.</summary>
    public long Needed => _end == long.MaxValue ? long.MaxValue : _end + 1;

    /// <summary>Counts a row that is not written.</summary>
    public void SkipRow() => Count++;

    /// <summary>Writes a twin as a row (when <see cref="Wanted"/>).</summary>
    public void TwinRow(Twin t)
    {
        if (Wanted)
        {
            WriteTwin(t);
            Written++;
        }
        Count++;
    }

    /// <summary>Writes a relationship as a row.</summary>
    public void RelationshipRow(Relationship r)
    {
        if (Wanted)
        {
            WriteRelationship(r);
            Written++;
        }
        Count++;
    }

    /// <summary>Writes the one row of <c>SELECT COUNT()</c> (when <see cref="Wanted"/>).</summary>
    public void CountRow(long count)
    {
        if (Wanted)
        {
            _w.WriteStartObject();
            _w.WriteNumber("COUNT", count);
            _w.WriteEndObject();
            Written++;
        }
        Count++;
    }

    /// <summary>Starts a projected row; call only when <see cref="Wanted"/>.</summary>
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
        Written++;
        Count++;
    }

    /// <summary>The rows written (only for an instance with its own buffer).</summary>
    public List<JsonObject> ToRows()
    {
        if (_buffer is null) throw new InvalidOperationException("The rows went to the caller's writer.");
        var rows = new List<JsonObject>(Written);
        if (Written == 0) return rows;
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
