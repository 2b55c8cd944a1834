using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

/// <summary>Checks a JSON value against a DTDL schema.</summary>
/// <remarks>Returns an error message instead of throwing, so the hot path of a valid patch costs no exception machinery.</remarks>
public static partial class SchemaValidator
{
    /// <summary>Validates <paramref name="value"/> against <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="value">The value.</param>
    /// <param name="path">Where the value sits, for the message (e.g. <c>/thermostat/mode</c>).</param>
    /// <returns><c>null</c> when valid, else a message naming the path and the mismatch.</returns>
    public static string? Validate(DtdlSchema schema, JsonElement value, string path) => schema switch
    {
        PrimitiveSchema p => ValidatePrimitive(p, value, path),
        EnumSchema e => ValidateEnum(e, value, path),
        ArraySchema a => ValidateArray(a, value, path),
        MapSchema m => ValidateMap(m, value, path),
        ObjectSchema o => ValidateObject(o, value, path),
        _ => $"{path}: unsupported schema {schema.GetType().Name}",
    };

    private static string? ValidatePrimitive(PrimitiveSchema p, JsonElement v, string path)
    {
        var ok = p.Kind switch
        {
            PrimitiveKind.Boolean => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
            PrimitiveKind.Double => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d),
            PrimitiveKind.Float => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var f) && Math.Abs(f) <= float.MaxValue,
            PrimitiveKind.Decimal => v.ValueKind == JsonValueKind.Number,
            PrimitiveKind.Integer => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _),
            PrimitiveKind.Long => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
            PrimitiveKind.Short => v.ValueKind == JsonValueKind.Number && v.TryGetInt16(out _),
            PrimitiveKind.Byte => v.ValueKind == JsonValueKind.Number && v.TryGetSByte(out _),
            PrimitiveKind.UnsignedByte => v.ValueKind == JsonValueKind.Number && v.TryGetByte(out _),
            PrimitiveKind.UnsignedShort => v.ValueKind == JsonValueKind.Number && v.TryGetUInt16(out _),
            PrimitiveKind.UnsignedInteger => v.ValueKind == JsonValueKind.Number && v.TryGetUInt32(out _),
            PrimitiveKind.UnsignedLong => v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out _),
            PrimitiveKind.String => v.ValueKind == JsonValueKind.String,
            PrimitiveKind.DateTime => v.ValueKind == JsonValueKind.String && DateTimeRegex().IsMatch(v.GetString()!) && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
            PrimitiveKind.Date => v.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            PrimitiveKind.Time => v.ValueKind == JsonValueKind.String && TimeRegex().IsMatch(v.GetString()!),
            PrimitiveKind.Duration => v.ValueKind == JsonValueKind.String && IsDuration(v.GetString()!),
            PrimitiveKind.Uuid => v.ValueKind == JsonValueKind.String && Guid.TryParse(v.GetString(), out _),
            PrimitiveKind.Bytes => v.ValueKind == JsonValueKind.String && IsBase64(v.GetString()!),
            PrimitiveKind.Geospatial => v.ValueKind == JsonValueKind.Object,
            _ => false,
        };
        return ok ? null : $"{path}: expected {p.Name} but got {Describe(v)}";
    }

    private static string? ValidateEnum(EnumSchema e, JsonElement v, string path)
    {
        foreach (var ev in e.Values)
        {
            if (ev.Value is string s && v.ValueKind == JsonValueKind.String && v.ValueEquals(s)) return null;
            if (ev.Value is int n && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var got) && got == n) return null;
        }
        var allowed = string.Join(", ", e.Values.Select(x => x.Value is string s ? $"'{s}'" : x.Value.ToString()));
        return $"{path}: {Describe(v)} is not one of the enum values ({allowed})";
    }

    private static string? ValidateArray(ArraySchema a, JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) return $"{path}: expected an array but got {Describe(v)}";
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (Validate(a.ElementSchema, item, $"{path}/{i}") is { } err) return err;
            i++;
        }
        return null;
    }

    private static string? ValidateMap(MapSchema m, JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Object) return $"{path}: expected a map (JSON object) but got {Describe(v)}";
        foreach (var prop in v.EnumerateObject())
        {
            if (prop.Name.Length == 0) return $"{path}: map keys must not be empty";
            if (Validate(m.ValueSchema, prop.Value, $"{path}/{prop.Name}") is { } err) return err;
        }
        return null;
    }

    private static string? ValidateObject(ObjectSchema o, JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Object) return $"{path}: expected an object but got {Describe(v)}";
        foreach (var prop in v.EnumerateObject())
        {
            var field = o.Field(prop.Name);
            if (field is null)
                return $"{path}: unknown field '{prop.Name}' (fields: {string.Join(", ", o.Fields.Select(f => f.Name))})";
            if (Validate(field.Schema, prop.Value, $"{path}/{prop.Name}") is { } err) return err;
        }
        return null;
    }

    /// <summary>A short description of a value for messages, e.g. <c>string "abc"</c>.</summary>
    public static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => JsonSurrogates.TryGetString(v) is { } s ? $"string \"{Truncate(s)}\"" : $"string {Truncate(v.GetRawText())}",
        JsonValueKind.Number => $"number {v.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {v.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => v.ValueKind.ToString(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static bool IsDuration(string s)
    {
        try
        {
            XmlConvert.ToTimeSpan(s);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return true;
        }
    }

    private static bool IsBase64(string s)
    {
        var buffer = new byte[(s.Length * 3 + 3) / 4];
        return Convert.TryFromBase64String(s, buffer, out _);
    }

    /// <summary>RFC 3339 date-time: a 'T' separator and a mandatory offset (Z or ±hh:mm).</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$")]
    private static partial Regex TimeRegex();
}
