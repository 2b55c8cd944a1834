using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TwinLab.Server.Routing;

/// <summary>What a filter operand evaluates to: undefined (a missing attribute or path), null, a boolean, a number, a
/// string, or something the filter language cannot compare (a JSON object or array).</summary>
internal enum FilterKind : byte { Undefined, Null, Bool, Number, String, Complex }

/// <summary>One value of the filter language.</summary>
internal readonly record struct FilterValue(FilterKind Kind, bool Bool = false, double Number = 0, string? Text = null)
{
    public static readonly FilterValue Undefined = new(FilterKind.Undefined);
    public static readonly FilterValue Null = new(FilterKind.Null);
    public static readonly FilterValue True = new(FilterKind.Bool, Bool: true);
    public static readonly FilterValue False = new(FilterKind.Bool, Bool: false);
    public static readonly FilterValue Complex = new(FilterKind.Complex);

    public static FilterValue Of(bool b) => b ? True : False;

    public static FilterValue Of(double n) => new(FilterKind.Number, Number: n);

    public static FilterValue Of(string? s) => s is null ? Undefined : new(FilterKind.String, Text: s);

    /// <summary>Whether the value is the boolean <c>true</c> (the only value that lets an event through).</summary>
    public bool IsTrue => Kind == FilterKind.Bool && Bool;

    /// <summary>The filter value of a JSON node found at a <c>$body</c> path (<paramref name="found"/> false: the path is missing).</summary>
    public static FilterValue FromJson(JsonNode? node, bool found)
    {
        if (!found) return Undefined;
        if (node is null) return Null;
        if (node is not JsonValue v) return Complex;
        switch (v.GetValueKind())
        {
            case JsonValueKind.String: return new(FilterKind.String, Text: v.GetValue<string>());
            case JsonValueKind.True: return True;
            case JsonValueKind.False: return False;
            case JsonValueKind.Null: return Null;
            case JsonValueKind.Number:
                if (v.TryGetValue<double>(out var d)) return Of(d);
                if (v.TryGetValue<JsonElement>(out var e) && e.TryGetDouble(out d)) return Of(d);
                return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? Of(d) : Complex;
            default: return Complex;
        }
    }
}
