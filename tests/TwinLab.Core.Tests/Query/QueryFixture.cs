using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Models;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Query;

/// <summary>
/// A small office campus, modelled by hand (no DTDL parser involved):
/// <list type="bullet">
/// <item><c>Building</c> (name, address Object {street, city}) —<c>hasFloor</c>→ <c>Floor</c> (name, level) —<c>hasRoom</c>→ <c>Room</c>.</item>
/// <item><c>Room</c>: name, area, temperature, occupied, dimensions (Object {width, length}), tags (Map string→string),
/// features (Array of string), component <c>thermostat</c> (<c>Thermostat</c>: setpoint, mode), relationship
/// <c>servedBy</c> → <c>HvacUnit</c> with property <c>priority</c>.</item>
/// <item><c>MeetingRoom extends Room</c> (capacity).</item>
/// <item><c>HvacUnit</c> (name, powerKw) —<c>locatedIn</c>→ <c>Floor</c>, which closes cycles floor → room → hvac → floor.</item>
/// </list>
/// <code>
/// bldg1 "HQ"   ─hasFloor→ floor1 (level 1) ─hasRoom→ room101 Room "Lobby"        21.5°  ─servedBy(1)→ hvac1
///              │                           └hasRoom→ room102 MeetingRoom "Fjord"  26°    ─servedBy(2)→ hvac1
///              └hasFloor→ floor2 (level 2) ─hasRoom→ room201 Room "Open Office"  24°    ─servedBy(1)→ hvac2
///                                          └hasRoom→ room202 MeetingRoom "Glacier" 27.5° ─servedBy(3)→ hvac2
/// bldg2 "Annex" ─hasFloor→ floor3 (level 1) ─hasRoom→ room301 Room "Storage 'B'"  (no temperature)
/// hvac1 ─locatedIn→ floor1;  hvac2 ─locatedIn→ floor2
/// </code>
/// Each twin is created one minute after the previous one, starting at <see cref="Start"/>.
/// </summary>
public sealed class QueryFixture
{
    public const string BuildingId = "dtmi:twinlab:Building;1";
    public const string FloorId = "dtmi:twinlab:Floor;1";
    public const string RoomId = "dtmi:twinlab:Room;1";
    public const string MeetingRoomId = "dtmi:twinlab:MeetingRoom;1";
    public const string ThermostatId = "dtmi:twinlab:Thermostat;1";
    public const string HvacId = "dtmi:twinlab:HvacUnit;1";

    public static readonly DateTimeOffset Start = new(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly ModelSet Models = BuildModels();

    /// <summary>The graph, shared by all tests (queries never write).</summary>
    public static readonly GraphSnapshot Graph = BuildGraph();

    public static readonly string[] AllTwinIds =
        ["bldg1", "bldg2", "floor1", "floor2", "floor3", "hvac1", "hvac2", "room101", "room102", "room201", "room202", "room301"];

    /// <summary>Runs a query on the campus.</summary>
    public static IReadOnlyList<JsonObject> Run(string query) => TwinQuery.Execute(Graph, query).Items;

    /// <summary>The <c>$dtId</c> of every row (rows must be twins).</summary>
    public static string[] Ids(string query) => Run(query).Select(r => (string)r["$dtId"]!).ToArray();

    /// <summary>The <c>$dtId</c> under <paramref name="key"/> of every row.</summary>
    public static string[] Ids(string query, string key) => Run(query).Select(r => (string)r[key]!["$dtId"]!).ToArray();

    /// <summary>The value of <c>COUNT</c> in the single row.</summary>
    public static long Count(string query)
    {
        var rows = Run(query);
        Assert.Single(rows);
        return (long)rows[0]["COUNT"]!;
    }

    /// <summary>Compact JSON text of a node.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    // ---------------------------------------------------------------- models

    private static PrimitiveSchema P(PrimitiveKind kind, string name) => new(kind) { Name = name };

    private static DtdlProperty Prop(string definedIn, string name, DtdlSchema schema) =>
        new() { Name = name, DefinedIn = definedIn, Schema = schema, Writable = true };

    private static DtdlInterface Interface(string id, IEnumerable<DtdlContent> contents, params string[] extends) => new()
    {
        Id = id,
        DtdlVersion = 3,
        Extends = extends,
        Contents = contents.ToDictionary(c => c.Name, StringComparer.Ordinal),
        Definition = $"{{\"@id\":\"{id}\",\"@type\":\"Interface\"}}",
    };

    private static ModelSet BuildModels()
    {
        var str = P(PrimitiveKind.String, "string");
        var dbl = P(PrimitiveKind.Double, "double");
        var integer = P(PrimitiveKind.Integer, "integer");
        var building = Interface(BuildingId,
        [
            Prop(BuildingId, "name", str),
            Prop(BuildingId, "address", new ObjectSchema([new ObjectField("street", str), new ObjectField("city", str)])),
            new DtdlRelationship { Name = "hasFloor", DefinedIn = BuildingId, Target = FloorId },
        ]);
        var floor = Interface(FloorId,
        [
            Prop(FloorId, "name", str),
            Prop(FloorId, "level", integer),
            new DtdlRelationship { Name = "hasRoom", DefinedIn = FloorId, Target = RoomId },
        ]);
        var thermostat = Interface(ThermostatId,
        [
            Prop(ThermostatId, "setpoint", dbl),
            Prop(ThermostatId, "mode", str),
        ]);
        var room = Interface(RoomId,
        [
            Prop(RoomId, "name", str),
            Prop(RoomId, "area", dbl),
            Prop(RoomId, "temperature", dbl),
            Prop(RoomId, "occupied", P(PrimitiveKind.Boolean, "boolean")),
            Prop(RoomId, "dimensions", new ObjectSchema([new ObjectField("width", dbl), new ObjectField("length", dbl)])),
            Prop(RoomId, "tags", new MapSchema("tag", "value", str)),
            Prop(RoomId, "features", new ArraySchema(str)),
            Prop(RoomId, "note", str),
            new DtdlComponent { Name = "thermostat", DefinedIn = RoomId, Schema = ThermostatId },
            new DtdlRelationship
            {
                Name = "servedBy", DefinedIn = RoomId, Target = HvacId,
                Properties = [Prop(RoomId, "priority", integer)],
            },
        ]);
        var meetingRoom = Interface(MeetingRoomId, [Prop(MeetingRoomId, "capacity", integer)], RoomId);
        var hvac = Interface(HvacId,
        [
            Prop(HvacId, "name", str),
            Prop(HvacId, "powerKw", dbl),
            new DtdlRelationship { Name = "locatedIn", DefinedIn = HvacId, Target = FloorId },
        ]);
        return ModelSet.Empty.With(new[] { building, floor, thermostat, room, meetingRoom, hvac }
            .Select(i => new ModelEntry(i, DateTimeOffset.UnixEpoch)));
    }

    // ---------------------------------------------------------------- twins

    private static GraphSnapshot BuildGraph()
    {
        var time = new FakeTimeProvider(Start);
        var g = new TwinGraph(GraphSnapshot.Empty with { Models = Models }, time);

        void Twin(string id, string model, string members)
        {
            g.CreateOrReplaceTwin(id, JsonDocument.Parse($$"""{"$metadata":{"$model":"{{model}}"},{{members}}}""").RootElement);
            time.Advance(TimeSpan.FromMinutes(1));
        }
        void Rel(string source, string id, string name, string target, string extra = "") =>
            g.CreateOrReplaceRelationship(source, id, JsonDocument.Parse(
                $$"""{"$relationshipName":"{{name}}","$targetId":"{{target}}"{{(extra.Length > 0 ? "," + extra : "")}}}""").RootElement);

        Twin("bldg1", BuildingId, """ "name":"HQ","address":{"street":"1 Main St","city":"Oslo"} """);
        Twin("bldg2", BuildingId, """ "name":"Annex","address":{"street":"2 Side St","city":"Bergen"} """);
        Twin("floor1", FloorId, """ "name":"Ground","level":1 """);
        Twin("floor2", FloorId, """ "name":"First","level":2 """);
        Twin("floor3", FloorId, """ "name":"Annex ground","level":1 """);
        Twin("room101", RoomId, """
            "name":"Lobby","area":120.5,"temperature":21.5,"occupied":true,
            "dimensions":{"width":10,"length":12.05},"tags":{"zone":"public"},"features":["wifi","reception"],
            "thermostat":{"$metadata":{},"setpoint":21,"mode":"auto"}
            """);
        Twin("room102", MeetingRoomId, """
            "name":"Fjord","area":30,"temperature":26,"occupied":false,"capacity":12,
            "dimensions":{"width":5,"length":6},"tags":{"zone":"private","av":"yes"},"features":["wifi","projector"],
            "thermostat":{"$metadata":{},"setpoint":22,"mode":"cool"}
            """);
        Twin("room201", RoomId, """
            "name":"Open Office","area":300,"temperature":24,"occupied":true,"features":[],
            "thermostat":{"$metadata":{},"setpoint":23}
            """);
        Twin("room202", MeetingRoomId, """
            "name":"Glacier","area":18,"temperature":27.5,"capacity":6,"tags":{"zone":"private"},
            "thermostat":{"$metadata":{}}
            """);
        Twin("room301", RoomId, """
            "name":"Storage 'B'","area":40,"occupied":false,"note":"keys at \"reception\"",
            "thermostat":{"$metadata":{},"mode":"off"}
            """);
        Twin("hvac1", HvacId, """ "name":"AHU-1","powerKw":15 """);
        Twin("hvac2", HvacId, """ "name":"AHU-2","powerKw":22.5 """);

        Rel("bldg1", "bldg1-floor1", "hasFloor", "floor1");
        Rel("bldg1", "bldg1-floor2", "hasFloor", "floor2");
        Rel("bldg2", "bldg2-floor3", "hasFloor", "floor3");
        Rel("floor1", "floor1-room101", "hasRoom", "room101");
        Rel("floor1", "floor1-room102", "hasRoom", "room102");
        Rel("floor2", "floor2-room201", "hasRoom", "room201");
        Rel("floor2", "floor2-room202", "hasRoom", "room202");
        Rel("floor3", "floor3-room301", "hasRoom", "room301");
        Rel("room101", "room101-hvac", "servedBy", "hvac1", "\"priority\":1");
        Rel("room102", "room102-hvac", "servedBy", "hvac1", "\"priority\":2");
        Rel("room201", "room201-hvac", "servedBy", "hvac2", "\"priority\":1");
        Rel("room202", "room202-hvac", "servedBy", "hvac2", "\"priority\":3");
        Rel("hvac1", "hvac1-floor", "locatedIn", "floor1");
        Rel("hvac2", "hvac2-floor", "locatedIn", "floor2");
        return g.Snapshot();
    }
}
