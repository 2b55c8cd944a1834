using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TwinLab.Core.Twins;

/// <summary>
/// Reads and writes twins and relationships in the Azure Digital Twins JSON shape
/// (<c>$dtId</c>, <c>$etag</c>, <c>$metadata</c> with <c>$model</c> and per-property <c>lastUpdateTime</c>).
/// </summary>
/// <remarks>The written form round-trips through <see cref="ReadTwin"/>, so stores persist exactly this text.</remarks>
public static class TwinJson
{
    /// <summary>Writes a twin.</summary>
    public static void WriteTwin(Utf8JsonWriter w, Twin twin)
    {
        w.WriteStartObject();
        w.WriteString("$dtId", twin.Id);
        w.WriteString("$etag", twin.ETag);
        WriteValues(w, twin.Properties);
        foreach (var (name, c) in twin.Components)
        {
            w.WritePropertyName(name);
            WriteComponent(w, c);
        }
        w.WritePropertyName("$metadata");
        WriteTwinMetadata(w, twin);
        w.WriteEndObject();
    }

    /// <summary>Writes a component: its property values and its <c>$metadata</c>.</summary>
    public static void WriteComponent(Utf8JsonWriter w, TwinComponent component)
    {
        w.WriteStartObject();
        WriteValues(w, component.Properties);
        w.WritePropertyName("$metadata");
        WriteComponentMetadata(w, component);
        w.WriteEndObject();
    }

    /// <summary>Writes a twin's <c>$metadata</c>: model, last update time, and each property's last update time.</summary>
    public static void WriteTwinMetadata(Utf8JsonWriter w, Twin twin)
    {
        w.WriteStartObject();
        w.WriteString("$model", twin.ModelId);
        w.WriteString("$lastUpdateTime", Format(twin.LastUpdateTime));
        WritePropertyTimes(w, twin.Properties);
        w.WriteEndObject();
    }

    /// <summary>Writes a component's <c>$metadata</c>.</summary>
    public static void WriteComponentMetadata(Utf8JsonWriter w, TwinComponent component)
    {
        w.WriteStartObject();
        w.WriteString("$lastUpdateTime", Format(component.LastUpdateTime));
        WritePropertyTimes(w, component.Properties);
        w.WriteEndObject();
    }

    /// <summary>Writes one property's metadata object (<c>{"lastUpdateTime": …}</c>).</summary>
    public static void WritePropertyMetadata(Utf8JsonWriter w, TwinProperty property)
    {
        w.WriteStartObject();
        w.WriteString("lastUpdateTime", Format(property.LastUpdateTime));
        w.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter w, SmallMap<TwinProperty> properties)
    {
        foreach (var (name, p) in properties)
        {
            w.WritePropertyName(name);
            p.Value.WriteTo(w);
        }
    }

    private static void WritePropertyTimes(Utf8JsonWriter w, SmallMap<TwinProperty> properties)
    {
        foreach (var (name, p) in properties)
        {
            w.WritePropertyName(name);
            WritePropertyMetadata(w, p);
        }
    }

    /// <summary>Writes a relationship.</summary>
    public static void WriteRelationship(Utf8JsonWriter w, Relationship r)
    {
        w.WriteStartObject();
        w.WriteString("$relationshipId", r.Id);
        w.WriteString("$etag", r.ETag);
        w.WriteString("$sourceId", r.SourceId);
        w.WriteString("$relationshipName", r.Name);
        w.WriteString("$targetId", r.TargetId);
        foreach (var (name, v) in r.Properties)
        {
            w.WritePropertyName(name);
            v.WriteTo(w);
        }
        w.WriteEndObject();
    }

    /// <summary>The twin as compact JSON text.</summary>
    public static string ToJson(Twin twin, bool indented = false) => Write(w => WriteTwin(w, twin), indented);

    /// <summary>The relationship as compact JSON text.</summary>
    public static string ToJson(Relationship relationship, bool indented = false) => Write(w => WriteRelationship(w, relationship), indented);

    /// <summary>The twin as a mutable JSON tree (a fresh copy).</summary>
    public static JsonObject ToNode(Twin twin) => JsonNode.Parse(ToJson(twin))!.AsObject();

    /// <summary>The relationship as a mutable JSON tree (a fresh copy).</summary>
    public static JsonObject ToNode(Relationship relationship) => JsonNode.Parse(ToJson(relationship))!.AsObject();

    /// <summary>Reads a twin written by <see cref="WriteTwin"/> (no model validation: the text came from a store).</summary>
    public static Twin ReadTwin(JsonElement e)
    {
        var meta = e.GetProperty("$metadata");
        var props = SmallMap<TwinProperty>.Empty;
        var comps = SmallMap<TwinComponent>.Empty;
        foreach (var m in e.EnumerateObject())
        {
            if (m.Name.StartsWith('$')) continue;
            if (m.Value.ValueKind == JsonValueKind.Object && m.Value.TryGetProperty("$metadata", out var cmeta) && cmeta.TryGetProperty("$lastUpdateTime", out _))
            {
                var cprops = SmallMap<TwinProperty>.Empty;
                foreach (var cm in m.Value.EnumerateObject())
                    if (!cm.Name.StartsWith('$'))
                        cprops = cprops.SetItem(cm.Name, new TwinProperty(cm.Value.Clone(), PropertyTime(cmeta, cm.Name)));
                comps = comps.SetItem(m.Name, new TwinComponent(cprops, ParseTime(cmeta.GetProperty("$lastUpdateTime"))));
            }
            else
            {
                props = props.SetItem(m.Name, new TwinProperty(m.Value.Clone(), PropertyTime(meta, m.Name)));
            }
        }
        return new Twin
        {
            Id = e.GetProperty("$dtId").GetString()!,
            ETag = e.GetProperty("$etag").GetString()!,
            ModelId = meta.GetProperty("$model").GetString()!,
            LastUpdateTime = ParseTime(meta.GetProperty("$lastUpdateTime")),
            Properties = props,
            Components = comps,
        };
    }

    /// <summary>Reads a relationship written by <see cref="WriteRelationship"/>.</summary>
    public static Relationship ReadRelationship(JsonElement e)
    {
        var props = SmallMap<JsonElement>.Empty;
        foreach (var m in e.EnumerateObject())
            if (!m.Name.StartsWith('$')) props = props.SetItem(m.Name, m.Value.Clone());
        return new Relationship
        {
            Id = e.GetProperty("$relationshipId").GetString()!,
            ETag = e.GetProperty("$etag").GetString()!,
            SourceId = e.GetProperty("$sourceId").GetString()!,
            TargetId = e.GetProperty("$targetId").GetString()!,
            Name = e.GetProperty("$relationshipName").GetString()!,
            Properties = props,
        };
    }

    /// <summary>Formats a timestamp as ADT does: UTC, ISO 8601 with fractional seconds.</summary>
    /// <remarks>Twins written together usually share one time, so the last formatted value is cached per thread.</remarks>
    public static string Format(DateTimeOffset t)
    {
        var cache = _lastFormatted;
        if (cache is not null && cache.Ticks == t.UtcTicks) return cache.Text;
        // "O" of a UTC DateTime is exactly yyyy-MM-ddTHH:mm:ss.fffffffZ, and has a fast path the custom pattern has not.
        var text = t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        _lastFormatted = new FormattedTime(t.UtcTicks, text);
        return text;
    }

    private sealed record FormattedTime(long Ticks, string Text);

    [ThreadStatic]
    private static FormattedTime? _lastFormatted;

    private static DateTimeOffset PropertyTime(JsonElement meta, string name) =>
        meta.TryGetProperty(name, out var pm) && pm.TryGetProperty("lastUpdateTime", out var t) ? ParseTime(t) : DateTimeOffset.UnixEpoch;

    private static DateTimeOffset ParseTime(JsonElement t) =>
        DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Write(Action<Utf8JsonWriter> write, bool indented)
    {
        if (indented)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                write(w);
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        // Compact text is what the server answers with on every read: reuse one buffer and writer per thread.
        var cached = _compact ??= new CompactWriter();
        if (cached.InUse) return WriteFresh(write);
        cached.InUse = true;
        try
        {
            cached.Buffer.ResetWrittenCount();
            cached.Writer.Reset(cached.Buffer);
            write(cached.Writer);
            cached.Writer.Flush();
            var text = Encoding.UTF8.GetString(cached.Buffer.WrittenSpan);
            if (cached.Buffer.Capacity > CompactWriter.MaxKept) _compact = null;
            return text;
        }
        finally
        {
            cached.InUse = false;
        }
    }

    private static string WriteFresh(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
            write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A per-thread buffer and writer for compact text (a re-entrant call, from inside a write, gets fresh ones).</summary>
    private sealed class CompactWriter
    {
        /// <summary>A buffer grown past this (a huge twin) is dropped after use rather than kept for the thread.</summary>
        public const int MaxKept = 1 << 20;

        public readonly ArrayBufferWriter<byte> Buffer = new(4096);
        public readonly Utf8JsonWriter Writer;
        public bool InUse;

        public CompactWriter() => Writer = new Utf8JsonWriter(Buffer);
    }

    [ThreadStatic]
    private static CompactWriter? _compact;
}
