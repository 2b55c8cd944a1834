using System.Globalization;
using System.Text.Json;

namespace TwinLab.Sync.Mapping;

/// <summary>The type a mapped value is given (<c>as:</c>).</summary>
internal enum ValueType
{
    /// <summary>As it is in the payload (numbers stay numbers, text stays text).</summary>
    Same,
    Number,
    Integer,
    String,
    Boolean,
}

/// <summary>
/// How one telemetry or property value is read: from a JSON path, a constant or a template; then scaled, offset,
/// converted between units, rounded and typed. Missing values fail the message unless the value is optional or has a default.
/// </summary>
internal sealed class ValueSpec
{
    /// <summary>How the value is named in errors: <c>telemetry 'temperature'</c>.</summary>
    public required string Field { get; init; }

    public JsonPath? Path { get; init; }

    public JsonElement? Constant { get; init; }

    public Template? Template { get; init; }

    public double Scale { get; init; } = 1;

    public double Offset { get; init; }

    public Units.Unit? From { get; init; }

    public Units.Unit? To { get; init; }

    public int? Round { get; init; }

    public ValueType As { get; init; }

    public bool Optional { get; init; }

    public JsonElement? Default { get; init; }

    private bool IsNumeric => Scale != 1 || Offset != 0 || From is not null || Round is not null || As is ValueType.Number or ValueType.Integer;

    /// <summary>Writes the value; <c>false</c> (nothing written) when it is optional and missing.</summary>
    /// <exception cref="MappingException">Missing and required, or not convertible.</exception>
    public bool TryWrite(Utf8JsonWriter writer, in MappingContext context)
    {
        JsonElement value;
        string? templated = null;
        if (Path is not null)
        {
            if (!context.TryEvaluate(Path, out value))
            {
                if (Default is { } fallback) value = fallback;
                else if (Optional) return false;
                else throw context.Missing(Field, Path);
            }
        }
        else if (Template is not null)
        {
            templated = Template.Render(context, Field);
            value = default;
        }
        else value = Constant!.Value;

        if (IsNumeric)
        {
            var number = templated is not null ? ParseNumber(templated, context) : ToNumber(value, context);
            number = number * Scale + Offset;
            if (From is not null) number = Units.Convert(number, From, To!);
            if (Round is { } digits) number = Math.Round(number, digits, MidpointRounding.AwayFromZero);
            if (!double.IsFinite(number)) throw context.Error(Field, $"{Source} gives {number.ToString(CultureInfo.InvariantCulture)} after conversion");
            if (As == ValueType.Integer)
            {
                var whole = Math.Round(number, MidpointRounding.AwayFromZero);
                if (whole is < long.MinValue or > long.MaxValue) throw context.Error(Field, $"{Source} is too large for an integer");
                writer.WriteNumberValue((long)whole);
            }
            else if (As == ValueType.String) writer.WriteStringValue(number.ToString("R", CultureInfo.InvariantCulture));
            else writer.WriteNumberValue(number);
            return true;
        }
        if (templated is not null)
        {
            if (As == ValueType.Boolean) writer.WriteBooleanValue(ParseBoolean(templated, context));
            else writer.WriteStringValue(templated);
            return true;
        }
        switch (As)
        {
            case ValueType.String:
                if (!Template.TryText(value, out var text))
                    throw context.Error(Field, $"{Source} is {Template.Describe(value)}, not a single value");
                writer.WriteStringValue(text);
                break;
            case ValueType.Boolean:
                writer.WriteBooleanValue(value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String => ParseBoolean(value.GetString()!, context),
                    JsonValueKind.Number when value.TryGetDouble(out var d) && d is 0 or 1 => d == 1,
                    _ => throw context.Error(Field, $"{Source} is {Template.Describe(value)}, not a boolean"),
                });
                break;
            default:
                value.WriteTo(writer);
                break;
        }
        return true;
    }

    private string Source => Path?.Text ?? Template?.Text ?? "the value";

    private double ToNumber(JsonElement value, in MappingContext context) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => ParseNumber(value.GetString()!, context),
        _ => throw context.Error(Field, $"{Source} is {Template.Describe(value)}, not a number"),
    };

    private double ParseNumber(string text, in MappingContext context) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw context.Error(Field, $"{Source} is '{text}', not a number");

    private bool ParseBoolean(string text, in MappingContext context) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw context.Error(Field, $"{Source} is '{text}', not a boolean (true/false, yes/no, on/off, 1/0)"),
    };
}
