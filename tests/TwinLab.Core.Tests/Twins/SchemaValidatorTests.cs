using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Twins.TwinFixture;

namespace TwinLab.Core.Tests.Twins;

public sealed class SchemaValidatorTests
{
    private static string? Check(DtdlSchema schema, string json, string path = "/x") => SchemaValidator.Validate(schema, Json(json), path);

    // ================================================================ primitives

    [Theory]
    [InlineData(PrimitiveKind.Boolean, "true")]
    [InlineData(PrimitiveKind.Boolean, "false")]
    [InlineData(PrimitiveKind.Double, "-12.5e3")]
    [InlineData(PrimitiveKind.Double, "7")]
    [InlineData(PrimitiveKind.Float, "3.25")]
    [InlineData(PrimitiveKind.Decimal, "12345678901234567890.123")]
    [InlineData(PrimitiveKind.Integer, "2147483647")]
    [InlineData(PrimitiveKind.Integer, "-2147483648")]
    [InlineData(PrimitiveKind.Long, "9223372036854775807")]
    [InlineData(PrimitiveKind.Short, "-32768")]
    [InlineData(PrimitiveKind.Byte, "-128")]
    [InlineData(PrimitiveKind.UnsignedByte, "255")]
    [InlineData(PrimitiveKind.UnsignedShort, "65535")]
    [InlineData(PrimitiveKind.UnsignedInteger, "4294967295")]
    [InlineData(PrimitiveKind.UnsignedLong, "18446744073709551615")]
    [InlineData(PrimitiveKind.String, "\"\"")]
    [InlineData(PrimitiveKind.String, "\"Ada\"")]
    [InlineData(PrimitiveKind.DateTime, "\"2024-03-01T08:00:00Z\"")]
    [InlineData(PrimitiveKind.DateTime, "\"2024-03-01T08:00:00.1234567+05:30\"")]
    [InlineData(PrimitiveKind.Date, "\"2024-02-29\"")]
    [InlineData(PrimitiveKind.Time, "\"08:15:30\"")]
    [InlineData(PrimitiveKind.Time, "\"23:59:60.5Z\"")]
    [InlineData(PrimitiveKind.Time, "\"08:15:30-07:00\"")]
    [InlineData(PrimitiveKind.Duration, "\"P30D\"")]
    [InlineData(PrimitiveKind.Duration, "\"PT1H30M\"")]
    [InlineData(PrimitiveKind.Duration, "\"P1Y2M3DT4H5M6.5S\"")]
    [InlineData(PrimitiveKind.Duration, "\"-P1D\"")]
    [InlineData(PrimitiveKind.Uuid, "\"0f8fad5b-d9cb-469f-a165-70867728950e\"")]
    [InlineData(PrimitiveKind.Bytes, "\"aGVsbG8=\"")]
    [InlineData(PrimitiveKind.Bytes, "\"\"")]
    [InlineData(PrimitiveKind.Geospatial, "{\"type\":\"Point\",\"coordinates\":[-0.13,51.5]}")]
    public void Validate_PrimitiveValueOfItsKind_ReturnsNull(PrimitiveKind kind, string json)
    {
        Assert.Null(Check(P(kind), json));
    }

    [Theory]
    [InlineData(PrimitiveKind.Boolean, "\"true\"")]
    [InlineData(PrimitiveKind.Boolean, "1")]
    [InlineData(PrimitiveKind.Double, "\"1.5\"")]
    [InlineData(PrimitiveKind.Double, "null")]
    [InlineData(PrimitiveKind.Float, "true")]
    [InlineData(PrimitiveKind.Decimal, "\"1.0\"")]
    [InlineData(PrimitiveKind.Integer, "2147483648")]
    [InlineData(PrimitiveKind.Integer, "1.5")]
    [InlineData(PrimitiveKind.Integer, "1.0")]
    [InlineData(PrimitiveKind.Integer, "\"1\"")]
    [InlineData(PrimitiveKind.Long, "9223372036854775808")]
    [InlineData(PrimitiveKind.Short, "32768")]
    [InlineData(PrimitiveKind.Byte, "128")]
    [InlineData(PrimitiveKind.UnsignedByte, "-1")]
    [InlineData(PrimitiveKind.UnsignedByte, "256")]
    [InlineData(PrimitiveKind.UnsignedShort, "65536")]
    [InlineData(PrimitiveKind.UnsignedInteger, "-1")]
    [InlineData(PrimitiveKind.UnsignedLong, "-1")]
    [InlineData(PrimitiveKind.String, "5")]
    [InlineData(PrimitiveKind.String, "null")]
    [InlineData(PrimitiveKind.String, "[\"a\"]")]
    [InlineData(PrimitiveKind.DateTime, "\"2024-03-01\"")]
    [InlineData(PrimitiveKind.DateTime, "\"2024-02-30T08:00:00Z\"")]
    [InlineData(PrimitiveKind.DateTime, "1709280000")]
    [InlineData(PrimitiveKind.Date, "\"2023-02-29\"")]
    [InlineData(PrimitiveKind.Date, "\"2024-3-1\"")]
    [InlineData(PrimitiveKind.Date, "\"2024-03-01T00:00:00Z\"")]
    [InlineData(PrimitiveKind.Time, "\"24:00:00\"")]
    [InlineData(PrimitiveKind.Time, "\"08:15\"")]
    [InlineData(PrimitiveKind.Time, "\"8:15:30\"")]
    [InlineData(PrimitiveKind.Duration, "\"P\"")]
    [InlineData(PrimitiveKind.Duration, "\"PT\"")]
    [InlineData(PrimitiveKind.Duration, "\"1 hour\"")]
    [InlineData(PrimitiveKind.Duration, "3600")]
    [InlineData(PrimitiveKind.Uuid, "\"not-a-uuid\"")]
    [InlineData(PrimitiveKind.Bytes, "\"abc\"")]
    [InlineData(PrimitiveKind.Bytes, "\"%%%%\"")]
    [InlineData(PrimitiveKind.Geospatial, "[-0.13,51.5]")]
    public void Validate_PrimitiveValueOfWrongKind_NamesPathExpectedKindAndValue(PrimitiveKind kind, string json)
    {
        var error = Check(P(kind), json, "/patient/field");

        Assert.NotNull(error);
        Assert.StartsWith("/patient/field: expected " + P(kind).Name + " but got ", error);
    }

    [Fact]
    public void Validate_WrongKind_DescribesTheValueGiven()
    {
        Assert.Equal("/age: expected integer but got string \"58\"", Check(P(PrimitiveKind.Integer), "\"58\"", "/age"));
        Assert.Equal("/age: expected integer but got number 58.5", Check(P(PrimitiveKind.Integer), "58.5", "/age"));
        Assert.Equal("/age: expected integer but got boolean true", Check(P(PrimitiveKind.Integer), "true", "/age"));
        Assert.Equal("/age: expected integer but got null", Check(P(PrimitiveKind.Integer), "null", "/age"));
        Assert.Equal("/age: expected integer but got an object", Check(P(PrimitiveKind.Integer), "{}", "/age"));
        Assert.Equal("/age: expected integer but got an array", Check(P(PrimitiveKind.Integer), "[]", "/age"));
    }

    [Fact]
    public void Describe_LongString_TruncatesAt40Characters()
    {
        var text = new string('a', 50);

        Assert.Equal($"string \"{new string('a', 40)}…\"", SchemaValidator.Describe(Json($"\"{text}\"")));
        Assert.Equal("string \"short\"", SchemaValidator.Describe(Json("\"short\"")));
    }

    // ================================================================ enum

    [Fact]
    public void Validate_StringEnum_AcceptsValuesRejectsOthersListingAllowed()
    {
        Assert.Null(Check(RiskLevel, "\"high\""));
        Assert.Equal("/riskLevel: string \"severe\" is not one of the enum values ('low', 'medium', 'high')", Check(RiskLevel, "\"severe\"", "/riskLevel"));
        Assert.NotNull(Check(RiskLevel, "2"));
    }

    [Fact]
    public void Validate_IntegerEnum_AcceptsValuesNotNames()
    {
        var grade = new EnumSchema(PrimitiveKind.Integer, [new EnumValue("grade1", 1), new EnumValue("grade2", 2), new EnumValue("grade3", 3)]);

        Assert.Null(Check(grade, "2"));
        Assert.Equal("/grade: number 4 is not one of the enum values (1, 2, 3)", Check(grade, "4", "/grade"));
        Assert.NotNull(Check(grade, "\"grade2\""));
        Assert.NotNull(Check(grade, "\"2\""));
        Assert.NotNull(Check(grade, "2.5"));
    }

    // ================================================================ object, map, array

    [Fact]
    public void Validate_Object_PartialObjectIsValid()
    {
        Assert.Null(Check(Address, "{}"));
        Assert.Null(Check(Address, "{\"city\":\"Leeds\"}"));
    }

    [Fact]
    public void Validate_ObjectUnknownField_NamesFieldAndListsKnownFields()
    {
        Assert.Equal("/address: unknown field 'country' (fields: street, city, postcode)",
            Check(Address, "{\"city\":\"Leeds\",\"country\":\"UK\"}", "/address"));
    }

    [Fact]
    public void Validate_ObjectFieldWrongType_NamesNestedPath()
    {
        Assert.Equal("/address/postcode: expected string but got number 90210", Check(Address, "{\"postcode\":90210}", "/address"));
        Assert.Equal("/address: expected an object but got string \"Leeds\"", Check(Address, "\"Leeds\"", "/address"));
    }

    [Fact]
    public void Validate_Map_ChecksEveryValueAndNamesTheKey()
    {
        Assert.Null(Check(LabResults, "{}"));
        Assert.Null(Check(LabResults, "{\"ldl\":3.1,\"k\":4}"));
        Assert.Equal("/labResults/k: expected double but got string \"4\"", Check(LabResults, "{\"ldl\":3.1,\"k\":\"4\"}", "/labResults"));
        Assert.Equal("/labResults: map keys must not be empty", Check(LabResults, "{\"\":1.0}", "/labResults"));
        Assert.Equal("/labResults: expected a map (JSON object) but got an array", Check(LabResults, "[1.0]", "/labResults"));
    }

    [Fact]
    public void Validate_Array_ChecksEveryElementAndNamesTheIndex()
    {
        Assert.Null(Check(Medications, "[]"));
        Assert.Null(Check(Medications, "[\"a\",\"b\"]"));
        Assert.Equal("/medications/2: expected string but got null", Check(Medications, "[\"a\",\"b\",null]", "/medications"));
        Assert.Equal("/medications: expected an array but got an object", Check(Medications, "{}", "/medications"));
    }

    [Fact]
    public void Validate_NestedComplexSchemas_PathWalksDown()
    {
        var visits = new ArraySchema(new ObjectSchema(
        [
            new ObjectField("when", P(PrimitiveKind.DateTime)),
            new ObjectField("readings", new MapSchema("name", "value", new ArraySchema(P(PrimitiveKind.Integer)))),
        ]));

        Assert.Null(Check(visits, """[{"when":"2024-03-01T08:00:00Z","readings":{"bp":[140,90]}}]"""));
        Assert.Equal("/visits/1/readings/bp/1: expected integer but got number 90.5",
            Check(visits, """[{"readings":{}},{"readings":{"bp":[140,90.5]}}]""", "/visits"));
    }

    [Fact]
    public void Validate_UnknownSchemaType_ReportsUnsupported()
    {
        Assert.Equal("/x: unsupported schema AlienSchema", Check(new AlienSchema(), "1"));
    }

    private sealed record AlienSchema : DtdlSchema;

    // ================================================================ suspected bugs (low severity)

    [Fact]
    public void Validate_DoubleOutOfRange_Rejected()
    {
        Assert.NotNull(Check(P(PrimitiveKind.Double), "1e400"));
        Assert.NotNull(Check(P(PrimitiveKind.Float), "1e39"));
    }

    [Fact]
    public void Validate_DateTimeWithoutOffset_Rejected()
    {
        Assert.NotNull(Check(P(PrimitiveKind.DateTime), "\"2024-03-01T10:00:00\""));
        Assert.NotNull(Check(P(PrimitiveKind.DateTime), "\"2024-03-01 T10:00:00Z\""));
    }
}
