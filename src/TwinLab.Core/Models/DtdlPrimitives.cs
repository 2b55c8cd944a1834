namespace TwinLab.Core.Models;

/// <summary>The primitive and geospatial schemas, by their DTDL names.</summary>
internal static class DtdlPrimitives
{
    private const string GeospatialPrefix = "dtmi:standard:schema:geospatial:";

    private static readonly Dictionary<string, (PrimitiveSchema Schema, int SinceVersion)> ByName = Build();

    /// <summary>Looks up a primitive by DTDL name (e.g. <c>dateTime</c>) or geospatial IRI.</summary>
    /// <param name="name">The schema string.</param>
    /// <param name="schema">The shared schema instance.</param>
    /// <param name="sinceVersion">The first DTDL version that has it.</param>
    public static bool TryGet(string name, out PrimitiveSchema schema, out int sinceVersion)
    {
        if (ByName.TryGetValue(name, out var hit) || TryGeospatialIri(name, out hit))
        {
            (schema, sinceVersion) = hit;
            return true;
        }
        schema = null!;
        sinceVersion = 0;
        return false;
    }

    // The geospatial schemas also have standard IRIs such as dtmi:standard:schema:geospatial:point;3 (v3) or ;2 (v2).
    private static bool TryGeospatialIri(string name, out (PrimitiveSchema, int) hit)
    {
        hit = default;
        if (!name.StartsWith(GeospatialPrefix, StringComparison.Ordinal)) return false;
        var rest = name.AsSpan(GeospatialPrefix.Length);
        var semi = rest.IndexOf(';');
        if (semi <= 0 || rest[(semi + 1)..] is not ("2" or "3")) return false;
        return ByName.TryGetValue(rest[..semi].ToString(), out hit) && hit.Item1.Kind == PrimitiveKind.Geospatial;
    }

    private static Dictionary<string, (PrimitiveSchema, int)> Build()
    {
        var d = new Dictionary<string, (PrimitiveSchema, int)>(StringComparer.Ordinal);
        void Add(string name, PrimitiveKind kind, int since) => d.Add(name, (new PrimitiveSchema(kind) { Name = name }, since));

        Add("boolean", PrimitiveKind.Boolean, 2);
        Add("date", PrimitiveKind.Date, 2);
        Add("dateTime", PrimitiveKind.DateTime, 2);
        Add("double", PrimitiveKind.Double, 2);
        Add("duration", PrimitiveKind.Duration, 2);
        Add("float", PrimitiveKind.Float, 2);
        Add("integer", PrimitiveKind.Integer, 2);
        Add("long", PrimitiveKind.Long, 2);
        Add("string", PrimitiveKind.String, 2);
        Add("time", PrimitiveKind.Time, 2);
        Add("byte", PrimitiveKind.Byte, 3);
        Add("bytes", PrimitiveKind.Bytes, 3);
        Add("decimal", PrimitiveKind.Decimal, 3);
        Add("short", PrimitiveKind.Short, 3);
        Add("uuid", PrimitiveKind.Uuid, 3);
        Add("unsignedByte", PrimitiveKind.UnsignedByte, 3);
        Add("unsignedShort", PrimitiveKind.UnsignedShort, 3);
        Add("unsignedInteger", PrimitiveKind.UnsignedInteger, 3);
        Add("unsignedLong", PrimitiveKind.UnsignedLong, 3);
        foreach (var geo in (string[])["point", "multiPoint", "lineString", "multiLineString", "polygon", "multiPolygon"])
            Add(geo, PrimitiveKind.Geospatial, 2);
        return d;
    }
}
