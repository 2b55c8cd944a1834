using TwinLab.Core.Models;
using TwinLab.Core.Tests.TestData;
using static TwinLab.Core.Tests.Models.DtdlTestDocs;

namespace TwinLab.Core.Tests.Models;

public sealed class DtdlParserTests
{
    private const string Thermostat = """
        {
          "@context": "dtmi:dtdl:context;3",
          "@id": "dtmi:com:example:Thermostat;1",
          "@type": "Interface",
          "displayName": "Thermostat",
          "description": { "en": "A room thermostat", "de": "Ein Raumthermostat" },
          "comment": "for tests",
          "contents": [
            { "@type": "Property", "name": "setPoint", "schema": "double", "writable": true, "displayName": "Set point" },
            { "@type": "Property", "name": "serial", "schema": "string" },
            { "@type": "Telemetry", "@id": "dtmi:com:example:Thermostat:temp;1", "name": "temp", "schema": "float" },
            {
              "@type": "Command",
              "name": "reboot",
              "request": { "@type": "CommandRequest", "name": "delay", "schema": "duration" },
              "response": { "name": "scheduledAt", "schema": "dateTime", "nullable": true }
            },
            {
              "@type": "Relationship",
              "name": "servesRoom",
              "target": "dtmi:com:example:Room;1",
              "minMultiplicity": 0,
              "maxMultiplicity": 3,
              "writable": true,
              "properties": [
                { "@type": "Property", "name": "since", "schema": "date" },
                { "@type": "Property", "name": "weight", "schema": "double", "writable": true }
              ]
            },
            { "@type": "Component", "name": "deviceInfo", "schema": "dtmi:com:example:DeviceInfo;1" }
          ]
        }
        """;

    private const string Room = """{ "@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:Room;1", "@type": "Interface" }""";

    private const string DeviceInfo = """
        { "@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:DeviceInfo;1", "@type": "Interface",
          "contents": [ { "@type": "Property", "name": "manufacturer", "schema": "string" } ] }
        """;

    [Fact]
    public void Parse_V3InterfaceWithEveryContentKind_ReadsEachKind()
    {
        var result = Parse(Thermostat, Room, DeviceInfo);

        Assert.Equal(["dtmi:com:example:Thermostat;1", "dtmi:com:example:Room;1", "dtmi:com:example:DeviceInfo;1"], result.Select(i => i.Id));
        var t = result[0];
        Assert.Equal(3, t.DtdlVersion);
        Assert.Equal("doc0.json", t.SourceFile);
        Assert.Equal("Thermostat", t.DisplayName.Default);
        Assert.Equal("Ein Raumthermostat", t.Description.ByLanguage["de"]);
        Assert.Equal("for tests", t.Comment);
        Assert.Equal(["setPoint", "serial", "temp", "reboot", "servesRoom", "deviceInfo"], t.Contents.Keys);
        Assert.All(t.Contents.Values, c => Assert.Equal("dtmi:com:example:Thermostat;1", c.DefinedIn));

        var setPoint = Assert.IsType<DtdlProperty>(t.Contents["setPoint"]);
        Assert.True(setPoint.Writable);
        Assert.Equal(PrimitiveKind.Double, Assert.IsType<PrimitiveSchema>(setPoint.Schema).Kind);
        Assert.Equal("Set point", setPoint.DisplayName.Default);
        Assert.False(Assert.IsType<DtdlProperty>(t.Contents["serial"]).Writable);

        var temp = Assert.IsType<DtdlTelemetry>(t.Contents["temp"]);
        Assert.Equal("dtmi:com:example:Thermostat:temp;1", temp.Id);
        Assert.Equal(PrimitiveKind.Float, Assert.IsType<PrimitiveSchema>(temp.Schema).Kind);

        var reboot = Assert.IsType<DtdlCommand>(t.Contents["reboot"]);
        Assert.Equal("delay", reboot.Request!.Name);
        Assert.Equal(PrimitiveKind.Duration, Assert.IsType<PrimitiveSchema>(reboot.Request.Schema).Kind);
        Assert.Equal("scheduledAt", reboot.Response!.Name);

        var rel = Assert.IsType<DtdlRelationship>(t.Contents["servesRoom"]);
        Assert.Equal("dtmi:com:example:Room;1", rel.Target);
        Assert.Equal(0, rel.MinMultiplicity);
        Assert.Equal(3, rel.MaxMultiplicity);
        Assert.True(rel.Writable);
        Assert.Equal(["since", "weight"], rel.Properties.Select(p => p.Name));
        Assert.True(rel.Property("weight")!.Writable);
        Assert.Equal(PrimitiveKind.Date, Assert.IsType<PrimitiveSchema>(rel.Property("since")!.Schema).Kind);

        var component = Assert.IsType<DtdlComponent>(t.Contents["deviceInfo"]);
        Assert.Equal("dtmi:com:example:DeviceInfo;1", component.Schema);
    }

    [Theory]
    [InlineData("boolean", PrimitiveKind.Boolean)]
    [InlineData("date", PrimitiveKind.Date)]
    [InlineData("dateTime", PrimitiveKind.DateTime)]
    [InlineData("double", PrimitiveKind.Double)]
    [InlineData("duration", PrimitiveKind.Duration)]
    [InlineData("float", PrimitiveKind.Float)]
    [InlineData("integer", PrimitiveKind.Integer)]
    [InlineData("long", PrimitiveKind.Long)]
    [InlineData("string", PrimitiveKind.String)]
    [InlineData("time", PrimitiveKind.Time)]
    [InlineData("byte", PrimitiveKind.Byte)]
    [InlineData("bytes", PrimitiveKind.Bytes)]
    [InlineData("decimal", PrimitiveKind.Decimal)]
    [InlineData("short", PrimitiveKind.Short)]
    [InlineData("uuid", PrimitiveKind.Uuid)]
    [InlineData("unsignedByte", PrimitiveKind.UnsignedByte)]
    [InlineData("unsignedShort", PrimitiveKind.UnsignedShort)]
    [InlineData("unsignedInteger", PrimitiveKind.UnsignedInteger)]
    [InlineData("unsignedLong", PrimitiveKind.UnsignedLong)]
    [InlineData("point", PrimitiveKind.Geospatial)]
    [InlineData("multiPoint", PrimitiveKind.Geospatial)]
    [InlineData("lineString", PrimitiveKind.Geospatial)]
    [InlineData("multiLineString", PrimitiveKind.Geospatial)]
    [InlineData("polygon", PrimitiveKind.Geospatial)]
    [InlineData("multiPolygon", PrimitiveKind.Geospatial)]
    public void Parse_V3PrimitiveSchema_MapsToKindAndKeepsName(string name, PrimitiveKind kind)
    {
        var doc = V3("dtmi:test:Prim;1", $$""" "contents": [ { "@type": "Property", "name": "p", "schema": "{{name}}" } ] """);

        var schema = Assert.IsType<PrimitiveSchema>(Assert.IsType<DtdlProperty>(Parse(doc)[0].Contents["p"]).Schema);

        Assert.Equal(kind, schema.Kind);
        Assert.Equal(name, schema.Name);
    }

    [Fact]
    public void Parse_V2InterfaceWithSemanticTypesAndCommandType_KeepsTypesAndUnits()
    {
        const string doc = """
            {
              "@context": "dtmi:dtdl:context;2",
              "@id": "dtmi:com:example:Sensor;1",
              "@type": "Interface",
              "contents": [
                { "@type": ["Telemetry", "Temperature"], "name": "temperature", "schema": "double", "unit": "degreeCelsius" },
                { "@type": ["Property", "Humidity"], "name": "humidity", "schema": "float", "unit": "percent", "writable": false },
                { "@type": "Command", "name": "reset", "commandType": "synchronous",
                  "request": { "@type": "CommandPayload", "name": "mode", "schema": "string" } },
                { "@type": "Telemetry", "name": "where", "schema": "point" }
              ]
            }
            """;

        var sensor = Parse(doc).Single();

        Assert.Equal(2, sensor.DtdlVersion);
        var temperature = Assert.IsType<DtdlTelemetry>(sensor.Contents["temperature"]);
        Assert.Equal(["Temperature"], temperature.SemanticTypes);
        Assert.Equal("degreeCelsius", temperature.Unit);
        Assert.Equal("percent", sensor.Contents["humidity"].Unit);
        Assert.Equal("mode", Assert.IsType<DtdlCommand>(sensor.Contents["reset"]).Request!.Name);
        Assert.Equal("point", Assert.IsType<PrimitiveSchema>(Assert.IsType<DtdlTelemetry>(sensor.Contents["where"]).Schema).Name);
    }

    [Fact]
    public void Parse_V3WithQuantitativeTypesExtension_KeepsSemanticTypesAndUnits()
    {
        const string doc = """
            {
              "@context": ["dtmi:dtdl:context;3", "dtmi:dtdl:extension:quantitativeTypes;1"],
              "@id": "dtmi:com:example:Generator;1",
              "@type": ["Interface", "dtmi:com:example:Asset;1"],
              "contents": [
                { "@type": ["Power", "Property"], "name": "standbyPower", "schema": "double", "unit": "kilowatt", "writable": true }
              ]
            }
            """;

        var generator = Parse(doc).Single();

        Assert.Equal(["dtmi:com:example:Asset;1"], generator.SemanticTypes);
        var power = Assert.IsType<DtdlProperty>(generator.Contents["standbyPower"]);
        Assert.Equal(["Power"], power.SemanticTypes);
        Assert.Equal("kilowatt", power.Unit);
        Assert.True(power.Writable);
    }

    [Fact]
    public void Parse_EveryComplexSchemaKind_BuildsNestedSchemas()
    {
        const string doc = """
            {
              "@context": "dtmi:dtdl:context;3",
              "@id": "dtmi:com:example:Complex;1",
              "@type": "Interface",
              "contents": [
                { "@type": "Property", "name": "readings", "schema": { "@type": "Array", "elementSchema": "double" } },
                { "@type": "Property", "name": "state", "schema": {
                    "@type": "Enum", "valueSchema": "integer",
                    "enumValues": [ { "name": "off", "enumValue": 0, "displayName": "Off" }, { "@type": "EnumValue", "name": "on", "enumValue": 1 } ] } },
                { "@type": "Property", "name": "mode", "schema": {
                    "@type": "Enum", "valueSchema": "string",
                    "enumValues": [ { "name": "eco", "enumValue": "ECO" }, { "name": "boost", "enumValue": "BOOST" } ] } },
                { "@type": "Property", "name": "tags", "schema": {
                    "@type": "Map",
                    "mapKey": { "name": "tag", "schema": "string" },
                    "mapValue": { "name": "value", "schema": { "@type": "Array", "elementSchema": "string" } } } },
                { "@type": "Telemetry", "name": "accel", "schema": {
                    "@type": "Object",
                    "fields": [
                      { "name": "x", "schema": "double" },
                      { "@type": "Field", "name": "at", "schema": { "@type": "Object", "fields": [ { "name": "t", "schema": "dateTime" } ] } }
                    ] } }
              ]
            }
            """;

        var c = Parse(doc).Single().Contents;

        var readings = Assert.IsType<ArraySchema>(Assert.IsType<DtdlProperty>(c["readings"]).Schema);
        Assert.Equal(PrimitiveKind.Double, Assert.IsType<PrimitiveSchema>(readings.ElementSchema).Kind);

        var state = Assert.IsType<EnumSchema>(Assert.IsType<DtdlProperty>(c["state"]).Schema);
        Assert.Equal(PrimitiveKind.Integer, state.ValueSchema);
        Assert.Equal([new EnumValue("off", 0), new EnumValue("on", 1)], state.Values);

        var mode = Assert.IsType<EnumSchema>(Assert.IsType<DtdlProperty>(c["mode"]).Schema);
        Assert.Equal(PrimitiveKind.String, mode.ValueSchema);
        Assert.Equal("BOOST", mode.Values[1].Value);

        var tags = Assert.IsType<MapSchema>(Assert.IsType<DtdlProperty>(c["tags"]).Schema);
        Assert.Equal(("tag", "value"), (tags.KeyName, tags.ValueName));
        Assert.IsType<ArraySchema>(tags.ValueSchema);

        var accel = Assert.IsType<ObjectSchema>(Assert.IsType<DtdlTelemetry>(c["accel"]).Schema);
        Assert.Equal(["x", "at"], accel.Fields.Select(f => f.Name));
        var at = Assert.IsType<ObjectSchema>(accel.Field("at")!.Schema);
        Assert.Equal(PrimitiveKind.DateTime, Assert.IsType<PrimitiveSchema>(at.Field("t")!.Schema).Kind);
    }

    [Fact]
    public void Parse_SchemaReferencedByDtmi_ResolvesFromOwnAndOtherInterfacesSchemas()
    {
        const string shared = """
            {
              "@context": "dtmi:dtdl:context;3",
              "@id": "dtmi:com:example:Shared;1",
              "@type": "Interface",
              "schemas": [
                { "@id": "dtmi:com:example:Shared:vector;1", "@type": "Object",
                  "fields": [ { "name": "x", "schema": "double" }, { "name": "y", "schema": "double" } ] },
                { "@id": "dtmi:com:example:Shared:path;1", "@type": "Array", "elementSchema": "dtmi:com:example:Shared:vector;1" }
              ]
            }
            """;
        const string user = """
            {
              "@context": "dtmi:dtdl:context;3",
              "@id": "dtmi:com:example:Robot;1",
              "@type": "Interface",
              "contents": [
                { "@type": "Telemetry", "name": "position", "schema": "dtmi:com:example:Shared:vector;1" },
                { "@type": "Property", "name": "route", "schema": "dtmi:com:example:Shared:path;1" },
                { "@type": "Property", "name": "level", "schema": "dtmi:com:example:Robot:level;1" }
              ],
              "schemas": { "@id": "dtmi:com:example:Robot:level;1", "@type": "Enum", "valueSchema": "string",
                           "enumValues": [ { "name": "low", "enumValue": "L" } ] }
            }
            """;

        var result = Parse(user, shared);

        var robot = result[0];
        var position = Assert.IsType<ObjectSchema>(Assert.IsType<DtdlTelemetry>(robot.Contents["position"]).Schema);
        Assert.Equal("dtmi:com:example:Shared:vector;1", position.Id);
        var route = Assert.IsType<ArraySchema>(Assert.IsType<DtdlProperty>(robot.Contents["route"]).Schema);
        Assert.Same(position, route.ElementSchema);
        Assert.IsType<EnumSchema>(Assert.IsType<DtdlProperty>(robot.Contents["level"]).Schema);
        Assert.Equal(["dtmi:com:example:Shared:vector;1", "dtmi:com:example:Shared:path;1"], result[1].Schemas.Keys);
    }

    [Fact]
    public void Parse_SchemaDeclaredByExistingModel_ResolvesInLaterBatch()
    {
        var first = Parse(V3("dtmi:test:Units;1", """
            "schemas": [ { "@id": "dtmi:test:Units:scale;1", "@type": "Enum", "valueSchema": "integer", "enumValues": [ { "name": "k", "enumValue": 1000 } ] } ]
            """));
        var later = DtdlParser.Parse(Docs(V3("dtmi:test:Meter;1", """
            "contents": [ { "@type": "Property", "name": "scale", "schema": "dtmi:test:Units:scale;1" } ]
            """)), SetOf(first));

        var scale = Assert.IsType<EnumSchema>(Assert.IsType<DtdlProperty>(later[0].Contents["scale"]).Schema);
        Assert.Equal("dtmi:test:Units:scale;1", scale.Id);
    }

    [Fact]
    public void Parse_TextWithByteOrderMark_Parses()
    {
        var result = Parse("\uFEFF" + Room);

        Assert.Equal("dtmi:com:example:Room;1", Assert.Single(result).Id);
        Assert.Equal(Room, result[0].Definition);
    }

    [Fact]
    public void Parse_ArrayDocument_ReturnsEachInterfaceWithItsOwnDefinition()
    {
        var a = V3("dtmi:test:A;1", """ "contents": [ { "@type": "Property", "name": "a", "schema": "string" } ] """);
        var b = V2("dtmi:test:B;1", """ "extends": "dtmi:test:A;1" """);

        var result = DtdlParser.Parse([new DtdlSource($"[\n  {a},\n  {b}\n]", "both.json")], ModelSet.Empty);

        Assert.Equal(["dtmi:test:A;1", "dtmi:test:B;1"], result.Select(i => i.Id));
        Assert.Equal(a, result[0].Definition);
        Assert.Equal(b, result[1].Definition);
        Assert.Equal([3, 2], result.Select(i => i.DtdlVersion));
        Assert.All(result, i => Assert.Equal("both.json", i.SourceFile));
    }

    [Fact]
    public void Parse_ReferencesAcrossFiles_ResolveRegardlessOfOrder()
    {
        var derived = V3("dtmi:test:Derived;1", """
            "extends": ["dtmi:test:Base;1"],
            "contents": [
              { "@type": "Component", "name": "info", "schema": "dtmi:test:Info;1" },
              { "@type": "Relationship", "name": "next", "target": "dtmi:test:Derived;1" }
            ]
            """);
        var baseDoc = V3("dtmi:test:Base;1");
        var info = V3("dtmi:test:Info;1");

        var result = Parse(derived, baseDoc, info);

        Assert.Equal(["dtmi:test:Base;1"], result[0].Extends);
        Assert.Equal(["doc0.json", "doc1.json", "doc2.json"], result.Select(i => i.SourceFile));
    }

    [Fact]
    public void Parse_TransitiveExtendsChain_AllContentsIncludesInherited()
    {
        var device = V3("dtmi:test:Device;1", """ "contents": [ { "@type": "Property", "name": "serial", "schema": "string" } ] """);
        var sensor = V3("dtmi:test:Sensor;1", """ "extends": "dtmi:test:Device;1", "contents": [ { "@type": "Telemetry", "name": "reading", "schema": "double" } ] """);
        var located = V3("dtmi:test:Located;1", """ "contents": [ { "@type": "Property", "name": "location", "schema": "point" } ] """);
        var thermo = V3("dtmi:test:Thermo;1", """
            "extends": ["dtmi:test:Sensor;1", "dtmi:test:Located;1", "dtmi:test:Device;1"],
            "contents": [ { "@type": "Property", "name": "setPoint", "schema": "double", "writable": true } ]
            """);

        var result = Parse(thermo, sensor, device, located);
        var set = SetOf(result);

        var all = set.AllContents("dtmi:test:Thermo;1");
        Assert.Equal(["location", "reading", "serial", "setPoint"], all.Keys.Order());
        Assert.Equal("dtmi:test:Device;1", all["serial"].DefinedIn);
        Assert.Equal("dtmi:test:Sensor;1", all["reading"].DefinedIn);
        Assert.Equal("dtmi:test:Thermo;1", all["setPoint"].DefinedIn);
        Assert.Single(result[0].Contents);
        Assert.True(set.IsAssignableTo("dtmi:test:Thermo;1", "dtmi:test:Device;1"));
    }

    [Fact]
    public void Parse_ExtendsExistingModel_Resolves()
    {
        var existing = SetOf(Parse(V3("dtmi:test:Base;1", """ "contents": [ { "@type": "Property", "name": "b", "schema": "string" } ] """)));

        var derived = DtdlParser.Parse(Docs(V3("dtmi:test:Derived;1", """ "extends": "dtmi:test:Base;1", "contents": [ { "@type": "Property", "name": "d", "schema": "string" } ] """)), existing);

        var all = existing.With(derived.Select(i => new ModelEntry(i, DateTimeOffset.UnixEpoch))).AllContents("dtmi:test:Derived;1");
        Assert.Equal(["b", "d"], all.Keys.Order());
    }

    [Fact]
    public void Parse_LocalizedDisplayName_KeepsEveryLanguage()
    {
        var doc = V3("dtmi:test:Loc;1", """
            "displayName": { "en": "Boiler", "fr": "Chaudière", "de-CH": "Boiler" },
            "contents": [ { "@type": "Property", "name": "p", "schema": "string", "displayName": "plain" } ]
            """);

        var i = Parse(doc).Single();

        Assert.Equal("Chaudière", i.DisplayName.ByLanguage["fr"]);
        Assert.Equal("Boiler", i.DisplayName.Default);
        Assert.Equal(3, i.DisplayName.ByLanguage.Count);
        Assert.Equal("plain", i.Contents["p"].DisplayName.ByLanguage["en"]);
    }

    [Fact]
    public void Parse_DiamondInheritance_IsAccepted()
    {
        var root = V3("dtmi:test:Root;1", """ "contents": [ { "@type": "Property", "name": "id", "schema": "string" } ] """);
        var left = V3("dtmi:test:Left;1", """ "extends": "dtmi:test:Root;1" """);
        var right = V3("dtmi:test:Right;1", """ "extends": "dtmi:test:Root;1" """);
        var bottom = V3("dtmi:test:Bottom;1", """ "extends": ["dtmi:test:Left;1", "dtmi:test:Right;1"] """);

        var set = SetOf(Parse(root, left, right, bottom));

        Assert.Equal("dtmi:test:Root;1", set.AllContents("dtmi:test:Bottom;1")["id"].DefinedIn);
    }

    [Fact]
    public void Parse_SingleObjectForSetValuedMember_IsTreatedAsSetOfOne()
    {
        var doc = V3("dtmi:test:Pipe;1", """
            "contents": {
              "@type": "Relationship", "name": "feeds",
              "properties": { "@type": "Property", "name": "substance", "schema": "string" }
            }
            """);

        var feeds = Assert.IsType<DtdlRelationship>(Parse(doc).Single().Contents["feeds"]);

        Assert.Equal("substance", Assert.Single(feeds.Properties).Name);
        Assert.Null(feeds.Target);
    }

    [Fact]
    public void Parse_InlineComponentInterface_BecomesInterfaceOfItsOwn()
    {
        var doc = V3("dtmi:test:Phone;1", """
            "contents": [ { "@type": "Component", "name": "camera",
              "schema": { "@id": "dtmi:test:Camera;1", "@type": "Interface", "contents": [ { "@type": "Telemetry", "name": "frame", "schema": "bytes" } ] } } ]
            """);

        var result = Parse(doc);

        Assert.Equal(["dtmi:test:Phone;1", "dtmi:test:Camera;1"], result.Select(i => i.Id));
        Assert.Equal("dtmi:test:Camera;1", Assert.IsType<DtdlComponent>(result[0].Contents["camera"]).Schema);
        Assert.True(result[1].Contents.ContainsKey("frame"));
    }

    [Fact]
    public void Parse_DtmiWithoutVersionAndWithMinorVersion_AreAccepted()
    {
        var result = Parse(V3("dtmi:test:Unversioned"), V3("dtmi:test:Minor;2.5"));

        Assert.Equal(["dtmi:test:Unversioned", "dtmi:test:Minor;2.5"], result.Select(i => i.Id));
    }

    [Fact]
    public void Parse_EmptyBatch_ReturnsNothing()
    {
        Assert.Empty(DtdlParser.Parse([], ModelSet.Empty));
    }

    [SkippableFact]
    public void Parse_RealEstateCoreOntology_ImportsAll767Interfaces()
    {
        var root = Corpora.RealEstateCoreOntology;
        Skip.If(root is null, "RealEstateCore corpus not found at ../shared/corpora/dtdl-realestatecore; clone with the shared folder to run this test");
        var sources = Directory.EnumerateFiles(root!, "*.json", SearchOption.AllDirectories)
            .Select(f => new DtdlSource(File.ReadAllText(f), Path.GetRelativePath(root!, f)))
            .ToArray();

        var result = DtdlParser.Parse(sources, ModelSet.Empty);

        Assert.Equal(767, result.Count);
        var set = SetOf(result);
        const string rec = "dtmi:digitaltwins:rec_3_3:";
        Assert.Equal([rec + "asset:Furniture;1"], set.Find(rec + "asset:Bed;1")!.Extends);
        Assert.True(set.IsAssignableTo(rec + "asset:Bed;1", rec + "core:Asset;1"));
        Assert.Equal([rec + "asset:SmokeDetector;1", rec + "asset:CarbonMonoxideDetector;1"],
            set.Find(rec + "asset:SmokeCarbonMonoxideDetector;1")!.Extends);

        var space = set.Find(rec + "core:Space;1")!;
        Assert.Equal(rec + "core:Space;1", Assert.IsType<DtdlRelationship>(space.Contents["isPartOf"]).Target);
        Assert.Equal(rec + "SpaceArea;1", Assert.IsType<DtdlComponent>(space.Contents["area"]).Schema);
        Assert.Equal(1, Assert.IsType<DtdlRelationship>(set.Find(rec + "core:BuildingComponent;1")!.Contents["isPartOf"]).MaxMultiplicity);

        var fedBy = Assert.IsType<DtdlRelationship>(set.Find(rec + "asset:Equipment;1")!.Contents["isFedBy"]);
        Assert.IsType<EnumSchema>(fedBy.Property("substance")!.Schema);

        var standby = Assert.IsType<DtdlProperty>(set.Find(rec + "asset:Generator;1")!.Contents["standbyPower"]);
        Assert.Equal(["Power"], standby.SemanticTypes);
        Assert.Equal("kilowatt", standby.Unit);
        Assert.Equal(Path.Combine("Space", "Space.json"), space.SourceFile);
    }
}
