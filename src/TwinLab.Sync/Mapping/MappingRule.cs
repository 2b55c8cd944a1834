using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Mapping;

/// <summary>A <c>when</c> condition: the value at <see cref="Path"/> equals one of <see cref="AnyOf"/>.</summary>
internal sealed record RuleCondition(JsonPath Path, IReadOnlyList<string> AnyOf)
{
    public bool Holds(JsonElement root)
    {
        if (!Path.TryEvaluate(root, root, out var value) || !Template.TryText(value, out var text)) return false;
        foreach (var expected in AnyOf)
        {
            if (string.Equals(text, expected, StringComparison.Ordinal)) return true;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
                && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && d == e)
                return true;
        }
        return false;
    }
}

/// <summary>A named property target: its JSON Pointer on the twin (component included) and how its value is read.</summary>
internal sealed record PropertyTarget(string Name, ValueSpec Value);

/// <summary>A named telemetry target.</summary>
internal sealed record TelemetryTarget(string Name, ValueSpec Value);

/// <summary>One rule of a mapping: which messages it takes and what it makes of them.</summary>
internal sealed class MappingRule
{
    public required string Name { get; init; }

    public TopicPattern? Topic { get; init; }

    public IReadOnlyList<RuleCondition> When { get; init; } = [];

    public JsonPath? ForEach { get; init; }

    public Template? Twin { get; init; }

    public Template? Component { get; init; }

    public IReadOnlyList<TelemetryTarget> Telemetry { get; init; } = [];

    public IReadOnlyList<PropertyTarget> Properties { get; init; } = [];

    public TimestampSpec? Timestamp { get; init; }

    public Template? Key { get; init; }

    public bool Skip { get; init; }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public bool Matches(string topic, JsonElement root, out KeyValuePair<string, string>[] captures)
    {
        captures = [];
        if (Topic is not null && !Topic.TryMatch(topic, out captures)) return false;
        foreach (var condition in When)
            if (!condition.Holds(root)) return false;
        return true;
    }

    /// <summary>The updates this rule makes of a message.</summary>
    /// <exception cref="MappingException">A required value is missing or cannot be converted.</exception>
    public IReadOnlyList<MappedUpdate> Apply(in MappingContext message)
    {
        if (Skip) return [];
        JsonElement[] items;
        if (ForEach is null) items = [message.Root];
        else
        {
            if (!message.TryEvaluate(ForEach, out var list)) throw message.Missing("forEach", ForEach);
            if (list.ValueKind != JsonValueKind.Array)
                throw message.Error("forEach", $"{ForEach.Text} is {Template.Describe(list)}, not an array");
            items = [.. list.EnumerateArray()];
        }

        // Every value of the message is written into one small JSON document, parsed once, so the updates own their
        // values (the payload's document is returned to its pool when mapping ends). The buffer and writer are the
        // thread's own, reused: mapping runs on the submitting threads, message after message.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        var targets = new (string Twin, string? Component, DateTimeOffset Time, int Telemetry, int Properties)[items.Length];
        {
            writer.WriteStartArray();
            for (var i = 0; i < items.Length; i++)
            {
                var context = message with { Current = items[i] };
                var where = ForEach is null ? "" : $"{ForEach.Text}[{i}]: ";
                try
                {
                    var twin = Twin!.Render(context, "twin");
                    if (twin.Length == 0) throw context.Error("twin", $"'{Twin.Text}' gives an empty twin id");
                    var component = Component?.Render(context, "component");
                    var time = Timestamp?.Evaluate(context) ?? context.Received;
                    writer.WriteStartObject();
                    var telemetry = 0;
                    foreach (var t in Telemetry)
                    {
                        writer.WritePropertyName(t.Name);
                        if (t.Value.TryWrite(writer, context)) telemetry++;
                        else writer.WriteNullValue();
                    }
                    writer.WriteEndObject();
                    writer.WriteStartArray();
                    var properties = 0;
                    foreach (var p in Properties)
                    {
                        if (p.Value.TryWrite(writer, context)) properties++;
                        else writer.WriteNullValue();
                    }
                    writer.WriteEndArray();
                    targets[i] = (twin, component, time, telemetry, properties);
                }
                catch (MappingException e) when (where.Length > 0)
                {
                    throw new MappingException(Name, where + e.Problem);
                }
            }
            writer.WriteEndArray();
            writer.Flush();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        var values = JsonElement.ParseValue(ref reader);
        var updates = new List<MappedUpdate>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var (twin, component, time, telemetryCount, propertyCount) = targets[i];
            if (telemetryCount == 0 && propertyCount == 0) continue;
            JsonElement? telemetry = null;
            if (telemetryCount > 0)
            {
                var written = values[2 * i];
                telemetry = telemetryCount == Telemetry.Count ? written : WithoutNulls(written);
            }
            List<JsonPatchOperation>? patch = null;
            if (propertyCount > 0)
            {
                patch = new List<JsonPatchOperation>(propertyCount);
                var propertyValues = values[2 * i + 1];
                for (var p = 0; p < Properties.Count; p++)
                {
                    var value = propertyValues[p];
                    if (value.ValueKind == JsonValueKind.Null) continue;
                    patch.Add(JsonPatchOperation.Add(PointerOf(Properties[p].Name, component), value));
                }
            }
            updates.Add(new MappedUpdate(twin, component, telemetry, patch, time));
        }
        return updates;
    }

    /// <summary>The JSON Pointer of a property: <c>/name</c> under the rule's component, or as written when it starts with
    /// <c>/</c> (from the twin's root).</summary>
    private static string PointerOf(string name, string? component) =>
        name.StartsWith('/') ? name : component is null ? "/" + name : $"/{component}/{name}";

    private static JsonElement WithoutNulls(JsonElement telemetry)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in telemetry.EnumerateObject())
                if (member.Value.ValueKind != JsonValueKind.Null) member.WriteTo(writer);
            writer.WriteEndObject();
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
