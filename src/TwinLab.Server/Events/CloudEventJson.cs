using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Events;

/// <summary>
/// The CloudEvents 1.0 JSON form of a <see cref="TwinLabEvent"/> (structured mode, one line): <c>specversion</c>,
/// <c>id</c>, <c>type</c>, <c>source</c>, <c>subject</c>, <c>time</c>, <c>datacontenttype</c>, <c>dataschema</c>,
/// <c>data</c>, and the extension attributes <c>branch</c>, <c>sequence</c> and <c>traceparent</c> when set.
/// </summary>
/// <remarks>Each event is serialized once, however many streams send it.</remarks>
internal static class CloudEventJson
{
    private static readonly ConditionalWeakTable<TwinLabEvent, Lazy<byte[]>> Cache = new();
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event as UTF-8 JSON text without line breaks.</summary>
    public static byte[] Utf8(TwinLabEvent e) => Cache.GetValue(e, static ev => new Lazy<byte[]>(() => Serialize(ev))).Value;

    private static byte[] Serialize(TwinLabEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("specversion", "1.0");
            w.WriteString("id", e.Id);
            w.WriteString("type", e.Type);
            w.WriteString("source", e.Source);
            if (e.Subject.Length > 0) w.WriteString("subject", e.Subject);
            w.WriteString("time", TwinJson.Format(e.Time));
            w.WriteString("datacontenttype", "application/json");
            if (e.DataSchema is not null) w.WriteString("dataschema", e.DataSchema);
            if (e.Branch is not null) w.WriteString("branch", e.Branch);
            if (e.Sequence is { } seq) w.WriteNumber("sequence", seq);
            if (e.TraceParent is not null) w.WriteString("traceparent", e.TraceParent);
            w.WritePropertyName("data");
            if (e.Data is null) w.WriteNullValue();
            else e.Data.WriteTo(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
