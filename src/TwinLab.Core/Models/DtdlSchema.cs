namespace TwinLab.Core.Models;

/// <summary>The primitive schemas of DTDL v2/v3 (v3 adds the byte/bytes/decimal/short/uuid/unsigned types).</summary>
public enum PrimitiveKind
{
    /// <summary><c>boolean</c></summary>
    Boolean,
    /// <summary><c>date</c> (RFC 3339 full-date)</summary>
    Date,
    /// <summary><c>dateTime</c> (RFC 3339)</summary>
    DateTime,
    /// <summary><c>double</c></summary>
    Double,
    /// <summary><c>duration</c> (ISO 8601)</summary>
    Duration,
    /// <summary><c>float</c></summary>
    Float,
    /// <summary><c>integer</c> (signed 32-bit)</summary>
    Integer,
    /// <summary><c>long</c> (signed 64-bit)</summary>
    Long,
    /// <summary><c>string</c></summary>
    String,
    /// <summary><c>time</c> (RFC 3339 partial-time)</summary>
    Time,
    /// <summary><c>byte</c> (signed 8-bit)</summary>
    Byte,
    /// <summary><c>bytes</c> (base64)</summary>
    Bytes,
    /// <summary><c>decimal</c></summary>
    Decimal,
    /// <summary><c>short</c> (signed 16-bit)</summary>
    Short,
    /// <summary><c>uuid</c></summary>
    Uuid,
    /// <summary><c>unsignedByte</c></summary>
    UnsignedByte,
    /// <summary><c>unsignedShort</c></summary>
    UnsignedShort,
    /// <summary><c>unsignedInteger</c></summary>
    UnsignedInteger,
    /// <summary><c>unsignedLong</c></summary>
    UnsignedLong,
    /// <summary>A geospatial schema (point, lineString, …): a GeoJSON object, checked only for being an object.</summary>
    Geospatial,
}

/// <summary>A DTDL schema: primitive or complex.</summary>
public abstract record DtdlSchema
{
    /// <summary>The <c>@id</c> of a named complex schema, if it has one.</summary>
    public string? Id { get; init; }
}

/// <summary>A primitive schema such as <c>double</c>.</summary>
public sealed record PrimitiveSchema(PrimitiveKind Kind) : DtdlSchema
{
    /// <summary>The DTDL name of the primitive (e.g. <c>dateTime</c>), or the geospatial name.</summary>
    public string Name { get; init; } = Kind.ToString();
}

/// <summary>An <c>Array</c> schema.</summary>
public sealed record ArraySchema(DtdlSchema ElementSchema) : DtdlSchema;

/// <summary>One named value of an <c>Enum</c>.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Value">The enum value: an <see cref="int"/> or a <see cref="string"/>.</param>
public sealed record EnumValue(string Name, object Value);

/// <summary>An <c>Enum</c> schema; <see cref="ValueSchema"/> is <c>integer</c> or <c>string</c>.</summary>
public sealed record EnumSchema(PrimitiveKind ValueSchema, IReadOnlyList<EnumValue> Values) : DtdlSchema;

/// <summary>A <c>Map</c> schema; keys are strings.</summary>
public sealed record MapSchema(string KeyName, string ValueName, DtdlSchema ValueSchema) : DtdlSchema;

/// <summary>One field of an <c>Object</c> schema.</summary>
public sealed record ObjectField(string Name, DtdlSchema Schema);

/// <summary>An <c>Object</c> schema.</summary>
public sealed record ObjectSchema(IReadOnlyList<ObjectField> Fields) : DtdlSchema
{
    /// <summary>Finds a field by name.</summary>
    public ObjectField? Field(string name)
    {
        foreach (var f in Fields)
            if (f.Name == name) return f;
        return null;
    }
}
