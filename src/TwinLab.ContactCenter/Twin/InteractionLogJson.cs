using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Twin;

/// <summary>
/// An imported interaction log, compactly: <c>{"format": "twinlab-contact-log/1", "source", "columns": [...],
/// "rows": [[row, arrival, channel, queue, wait, outcome, agent, handle, resolved, repeat, satisfaction], …]}</c>.
/// Exact: row numbers, times with their offsets, and every double (an unknown wait, NaN, is written as null).
/// </summary>
internal static class InteractionLogJson
{
    public const string Format = "twinlab-contact-log/1";

    private static readonly string[] Columns =
        ["row", "arrival", "channel", "queue", "wait_seconds", "outcome", "agent", "handle_seconds", "resolved", "repeat", "satisfaction"];

    public static string Write(IReadOnlyList<Interaction> interactions, string source)
    {
        var buffer = new ArrayBufferWriter<byte>(interactions.Count * 96 + 256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("source", source);
            w.WriteStartArray("columns");
            foreach (var c in Columns) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var i in interactions)
            {
                w.WriteStartArray();
                w.WriteNumberValue(i.Row);
                w.WriteStringValue(i.Arrival.ToString("O", CultureInfo.InvariantCulture));
                w.WriteStringValue(i.Channel.ToString().ToLowerInvariant());
                w.WriteStringValue(i.Queue);
                Number(w, i.WaitSeconds);
                w.WriteStringValue(i.Outcome.ToString().ToLowerInvariant());
                if (i.Agent is { } agent) w.WriteStringValue(agent); else w.WriteNullValue();
                Number(w, i.HandleSeconds);
                Flag(w, i.Resolved);
                Flag(w, i.RepeatContact);
                Number(w, i.Satisfaction);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static (string Source, IReadOnlyList<Interaction> Interactions) Read(string json, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new StoredTwinException($"{name}: not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != Format)
                throw new StoredTwinException($"{name}: not a '{Format}' document; it may come from a newer TwinLab.");
            var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : name;
            if (!root.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
                throw new StoredTwinException($"{name}.rows: missing or not an array.");
            var list = new List<Interaction>(rows.GetArrayLength());
            var k = 0;
            foreach (var r in rows.EnumerateArray())
            {
                try
                {
                    list.Add(Row(r));
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or IndexOutOfRangeException)
                {
                    throw new StoredTwinException($"{name}.rows[{k}]: {e.Message}");
                }
                k++;
            }
            return (source, list);
        }
    }

    private static Interaction Row(JsonElement r)
    {
        if (r.ValueKind != JsonValueKind.Array || r.GetArrayLength() != Columns.Length)
            throw new FormatException($"expected an array of {Columns.Length} values ({string.Join(", ", Columns)}).");
        return new Interaction(
            r[0].GetInt32(),
            DateTimeOffset.ParseExact(r[1].GetString()!, "O", CultureInfo.InvariantCulture),
            Enum.Parse<Channel>(r[2].GetString()!, ignoreCase: true),
            r[3].GetString()!,
            r[4].ValueKind == JsonValueKind.Null ? double.NaN : r[4].GetDouble(),
            Enum.Parse<Outcome>(r[5].GetString()!, ignoreCase: true),
            r[6].ValueKind == JsonValueKind.Null ? null : r[6].GetString(),
            Nullable(r[7]),
            r[8].ValueKind == JsonValueKind.Null ? null : r[8].GetBoolean(),
            r[9].ValueKind == JsonValueKind.Null ? null : r[9].GetBoolean(),
            Nullable(r[10]));
    }

    private static double? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    private static void Number(Utf8JsonWriter w, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    private static void Flag(Utf8JsonWriter w, bool? value)
    {
        if (value is { } b) w.WriteBooleanValue(b);
        else w.WriteNullValue();
    }
}
