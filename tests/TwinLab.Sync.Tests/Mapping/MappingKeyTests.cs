using TwinLab.Sync.Mapping;
using static TwinLab.Sync.Tests.Mapping.MappingTestMessages;

namespace TwinLab.Sync.Tests.Mapping;

public sealed class MappingKeyTests
{
    private static readonly MessageMapping WithKey = Parse("""
        key: $.msgId
        rules:
          - name: counted
            topic: counted/{device}
            key: "{device}/{$.seq}"
            twin: "{device}"
            telemetry: { co2: $.co2 }
          - name: plain
            twin: $.id
            telemetry: { co2: $.co2 }
        """);

    [Fact]
    public void KeyOf_MessageKey_WinsOverTheMapping_AndIsPrefixedWithTheSource()
    {
        Assert.Equal("plant:abc", WithKey.KeyOf(Message("counted/d1", """{"seq":4,"co2":1}""", key: "abc")));
    }

    [Fact]
    public void KeyOf_RuleKey_ThenTopLevelKey()
    {
        Assert.Equal("plant:d1/4", WithKey.KeyOf(Message("counted/d1", """{"seq":4,"msgId":"m-9","co2":1}""")));
        Assert.Equal("plant:m-9", WithKey.KeyOf(Message("other", """{"id":"x","msgId":"m-9","co2":1}""")));
        Assert.Equal("other-source:m-9", WithKey.KeyOf(Message("other", """{"id":"x","msgId":"m-9","co2":1}""", source: "other-source")));
        Assert.True(WithKey.DefinesKeys);
    }

    [Fact]
    public void KeyOf_WithoutKey_HashesTopicAndPayload()
    {
        var mapping = Parse("rules: [{ twin: $.id, telemetry: { co2: $.co2 } }]");
        var a = mapping.KeyOf(Message("t/1", """{"id":"x","co2":1}"""));

        Assert.StartsWith("plant:#", a);
        Assert.Equal(a, mapping.KeyOf(Message("t/1", """{"id":"x","co2":1}""")));
        Assert.NotEqual(a, mapping.KeyOf(Message("t/2", """{"id":"x","co2":1}""")));
        Assert.NotEqual(a, mapping.KeyOf(Message("t/1", """{"id":"x","co2":2}""")));
        Assert.False(mapping.DefinesKeys);
    }

    [Fact]
    public void KeyOf_KeyFieldMissingOrPayloadBroken_FallsBackToTheHash()
    {
        Assert.StartsWith("plant:#", WithKey.KeyOf(Message("other", """{"id":"x","co2":1}""")));
        Assert.StartsWith("plant:#", WithKey.KeyOf(Message("other", "not json")));
    }
}
