using System.Text.Json;
using TwinLab.Core.Twins;
using TwinLab.Sync.Mapping;
using static TwinLab.Sync.Tests.Mapping.MappingTestMessages;

namespace TwinLab.Sync.Tests.Mapping;

public sealed class MessageMappingTests
{
    private const string Plant = """
        description: presses of the Leeds plant
        rules:
          - name: press
            topic: plant/{site}/{device}/telemetry
            twin: "{site}-{device}"
            component: drive
            timestamp: $.ts
            telemetry:
              temperature: { path: $.readings.temp, from: degF, to: degC }
              pressure: { path: $.readings.p, from: psi, to: kPa, round: 3 }
            properties:
              status: $.state
              /lastSeen: { path: $.ts, as: string }
        """;

    [Fact]
    public void Map_TopicWithCaptures_BuildsTwinIdTelemetryAndPatch()
    {
        var mapping = Parse(Plant);

        var update = Single(mapping, "plant/leeds/press-4/telemetry",
            """{"ts":"2026-11-24T08:30:00Z","state":"running","readings":{"temp":212,"p":14.5}}""");

        Assert.Equal("leeds-press-4", update.TwinId);
        Assert.Equal("drive", update.Component);
        Assert.Equal(100, Number(update.Telemetry, "temperature"), 9);
        Assert.Equal(99.974, Number(update.Telemetry, "pressure"), 9);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero), update.Timestamp);
        Assert.Collection(update.Patch!,
            op => Assert.Equal(("/drive/status", PatchOp.Add, "running"), (op.Path, op.Op, op.Value!.Value.GetString())),
            op => Assert.Equal(("/lastSeen", "2026-11-24T08:30:00Z"), (op.Path, op.Value!.Value.GetString())));
    }

    [Fact]
    public void Map_TopicOfOtherShape_IsNotMatched_AndTheErrorListsTheRuleTopics()
    {
        var mapping = Parse(Plant);

        var e = Assert.Throws<MappingException>(() => mapping.Map(Message("plant/leeds/press-4/status", "{}")));

        Assert.Null(e.Rule);
        Assert.Equal("no rule matches topic 'plant/leeds/press-4/status' (rule topics: plant/{site}/{device}/telemetry)", e.Message);
    }

    [Fact]
    public void Map_MissingField_NamesRuleFieldAndPath()
    {
        var mapping = Parse(Plant);

        var e = Assert.Throws<MappingException>(() => mapping.Map(Message("plant/leeds/press-4/telemetry",
            """{"ts":"2026-11-24T08:30:00Z","state":"running","readings":{"p":14.5}}""")));

        Assert.Equal("press", e.Rule);
        Assert.Equal("rule 'press': telemetry 'temperature': $.readings.temp is missing in the payload", e.Message);
    }

    [Fact]
    public void Map_ValueThatIsNotANumber_IsRefusedWithTheValue()
    {
        var mapping = Parse(Plant);

        var e = Assert.Throws<MappingException>(() => mapping.Map(Message("plant/leeds/press-4/telemetry",
            """{"ts":"2026-11-24T08:30:00Z","state":"running","readings":{"temp":"hot","p":14.5}}""")));

        Assert.Equal("rule 'press': telemetry 'temperature': $.readings.temp is 'hot', not a number", e.Message);
    }

    [Fact]
    public void Map_InvalidJson_SaysSo()
    {
        var e = Assert.Throws<MappingException>(() => Parse(Plant).Map(Message("plant/a/b/telemetry", "{\"ts\": 12,")));

        Assert.Matches(@"^the payload is not valid JSON \(at byte \d+\): ", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
    }

    [Fact]
    public void Map_FirstMatchingRuleWins_WhenConditionsSelectByPayload_AndSkipDropsMessages()
    {
        var mapping = Parse("""
            rules:
              - topic: site/+/events
                when: { $.kind: heartbeat }
                skip: true
              - name: door
                topic: site/#
                when: { $.kind: [door, gate] }
                twin: $.id
                properties:
                  open: $.open
              - name: anything
                topic: site/#
                twin: "{$.id}"
                telemetry:
                  co2: $.co2
            """);

        Assert.Empty(mapping.Map(Message("site/a/events", """{"kind":"heartbeat"}""")));
        var door = Single(mapping, "site/a/events", """{"kind":"gate","id":"gate-2","open":true}""");
        Assert.Equal("gate-2", door.TwinId);
        Assert.True(door.Patch![0].Value!.Value.GetBoolean());
        Assert.Null(door.Telemetry);
        var other = Single(mapping, "site/a/air", """{"kind":"air","id":"room-1","co2":612}""");
        Assert.Equal(612, Number(other.Telemetry, "co2"));
        Assert.Null(other.Patch);
    }

    [Fact]
    public void Map_ForEach_MakesOneUpdatePerElement_ReadingElementAndMessage()
    {
        var mapping = Parse("""
            rules:
              - name: gateway
                topic: gw/{gateway}
                forEach: $.sensors
                twin: "{gateway}-{@.id}"
                timestamp: { path: $.time, format: unix-ms }
                telemetry:
                  temperature: { path: "@.t", scale: 0.1 }
                  humidity: { path: "@.rh", optional: true }
            """);

        var updates = mapping.Map(Message("gw/g7", """{"time":1795510800000,"sensors":[{"id":"s1","t":215},{"id":"s2","t":198,"rh":41}]}"""));

        Assert.Equal(["g7-s1", "g7-s2"], updates.Select(u => u.TwinId));
        Assert.Equal(21.5, Number(updates[0].Telemetry, "temperature"), 9);
        Assert.False(updates[0].Telemetry!.Value.TryGetProperty("humidity", out _));
        Assert.Equal(41, Number(updates[1].Telemetry, "humidity"));
        Assert.All(updates, u => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795510800000), u.Timestamp));
    }

    [Fact]
    public void Map_ForEachElementWithAMissingField_NamesTheElement()
    {
        var mapping = Parse("""
            rules:
              - name: gateway
                forEach: $.sensors
                twin: "@.id"
                telemetry:
                  temperature: "@.t"
            """);

        var e = Assert.Throws<MappingException>(() => mapping.Map(Message("gw", """{"sensors":[{"id":"s1","t":1},{"id":"s2"}]}""")));

        Assert.Equal("rule 'gateway': $.sensors[1]: telemetry 'temperature': @.t is missing in the payload", e.Message);
    }

    [Fact]
    public void Map_ConstantsDefaultsTypesAndTemplates()
    {
        var mapping = Parse("""
            rules:
              - name: bp
                twin: "bp-{$.patient}"
                telemetry:
                  setting: { value: home }
                  source: { template: "cuff {$.device} #{$.seq}" }
                  pulse: { path: $.hr, default: 0 }
                properties:
                  readingCount: { path: $.count, as: integer }
                  flag: { path: $.flag, as: boolean }
                  code: { path: $.code, as: string }
            """);

        var update = Single(mapping, "x", """{"patient":17,"device":"A&D UA-651","seq":3,"count":"12","flag":"yes","code":7}""");

        Assert.Equal("bp-17", update.TwinId);
        Assert.Equal("""{"setting":"home","source":"cuff A\u0026D UA-651 #3","pulse":0}""", update.Telemetry!.Value.GetRawText());
        Assert.Equal(JsonValueKind.Number, update.Patch![0].Value!.Value.ValueKind);
        Assert.Equal(12, update.Patch[0].Value!.Value.GetInt64());
        Assert.True(update.Patch[1].Value!.Value.GetBoolean());
        Assert.Equal("7", update.Patch[2].Value!.Value.GetString());
    }

    [Fact]
    public void Map_NoTimestampRule_UsesTheReceivedTime()
    {
        var update = Single(Parse("rules: [{ twin: t-1, telemetry: { co2: $.co2 } }]"), "x", """{"co2":1}""");

        Assert.Equal(Received, update.Timestamp);
    }

    [Fact]
    public void Map_TwinIdFromAnObject_IsRefused()
    {
        var mapping = Parse("""
            rules:
              - name: r
                twin: "{$.device}"
                telemetry: { co2: $.co2 }
            """);

        var e = Assert.Throws<MappingException>(() => mapping.Map(Message("x", """{"device":{"id":1},"co2":1}""")));

        Assert.Equal("rule 'r': twin: $.device is an object, not a single value", e.Message);
    }

    [Fact]
    public void Map_ValuesAreOwned_AfterThePayloadIsGone()
    {
        var mapping = Parse(Plant);
        var message = Message("plant/a/b/telemetry", """{"ts":"2026-11-24T08:30:00Z","state":"idle","readings":{"temp":50,"p":1}}""");

        var update = Assert.Single(mapping.Map(message));
        GC.Collect();

        Assert.Equal(10, Number(update.Telemetry, "temperature"), 9);
        Assert.Equal("idle", update.Patch![0].Value!.Value.GetString());
    }

    [Fact]
    public void Yaml_IsTheOriginalText()
    {
        Assert.Equal(Plant, Parse(Plant).Yaml);
        Assert.Equal(["press"], Parse(Plant).RuleNames);
        Assert.Equal("presses of the Leeds plant", Parse(Plant).Description);
    }
}
