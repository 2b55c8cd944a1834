using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Server.Events;
using TwinLab.Server.Routing.Delivery;

namespace TwinLab.Server.Tests.Delivery;

public sealed class EndpointValidationTests
{
    private static EndpointDefinition Parse(string json, string name = "hook-1") =>
        EndpointValidation.FromJson(JsonDocument.Parse(json).RootElement, name);

    private static void AssertRefused(string json, string mentions, string name = "hook-1")
    {
        var e = Assert.Throws<TwinLabException>(() => Parse(json, name));
        Assert.Equal(EndpointStore.EndpointInvalid, e.Code);
        Assert.Contains(mentions, e.Message);
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("ops-hook-1", true)]
    [InlineData("ab", false)]
    [InlineData("123", false)]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData("a_b_c", false)]
    public void Names_FollowAdt(string name, bool valid) => Assert.Equal(valid, EndpointValidation.IsValidName(name));

    [Fact]
    public void FromJson_Webhook_ReadsEveryField()
    {
        var e = Parse("""
            {"type":"webhook","url":"https://hooks.example/twins","headers":{"Authorization":"env:HOOK_TOKEN","X-Team":"ops"},
             "contentMode":"binary","timeoutSeconds":10,"retry":{"maxAttempts":5,"maxAgeSeconds":3600}}
            """);
        Assert.Equal(("hook-1", EndpointTypes.Webhook, "https://hooks.example/twins"), (e.Name, e.Type, e.Url));
        Assert.Equal("env:HOOK_TOKEN", e.Headers!["authorization"]);
        Assert.Equal(ContentModes.Binary, e.ContentMode);
        Assert.Equal(TimeSpan.FromSeconds(10), e.Timeout);
        Assert.Equal(new RetryPolicy(5, 1, 300, 3600), e.RetryInForce);
    }

    [Fact]
    public void FromJson_Mqtt_AndSse()
    {
        var m = Parse("""{"type":"mqtt","url":"mqtt://twinlab@127.0.0.1:1883","topic":"twinlab/{twinId}/{type}","qos":2,"passwordEnv":"MQTT_PW"}""");
        Assert.Equal(("twinlab/{twinId}/{type}", 2, "MQTT_PW"), (m.Topic, m.Qos, m.PasswordEnv));
        var s = Parse("""{"type":"sse","updated":"2026-01-01T00:00:00Z","delivery":{"state":"streaming"}}""");
        Assert.False(s.IsDelivered);
    }

    [Theory]
    [InlineData("""{"url":"https://x.example"}""", "type is required")]
    [InlineData("""{"type":"kafka"}""", "type must be one of webhook, mqtt, sse")]
    [InlineData("""{"type":"webhook"}""", "url is required")]
    [InlineData("""{"type":"webhook","url":"ftp://x.example"}""", "absolute http:// or https://")]
    [InlineData("""{"type":"webhook","url":"https://u:p@x.example"}""", "must not carry credentials")]
    [InlineData("""{"type":"webhook","url":"https://x.example","headers":{"Authorization":"Bearer abc"}}""", "'Authorization' carries a credential")]
    [InlineData("""{"type":"webhook","url":"https://x.example","headers":{"X-Api-Key":"abc"}}""", "'X-Api-Key' carries a credential")]
    [InlineData("""{"type":"webhook","url":"https://x.example","headers":{"X-Token":"env:1BAD"}}""", "not a valid variable name")]
    [InlineData("""{"type":"webhook","url":"https://x.example","headers":{"ce-id":"x"}}""", "set by the delivery itself")]
    [InlineData("""{"type":"webhook","url":"https://x.example","contentMode":"batched"}""", "contentMode must be")]
    [InlineData("""{"type":"webhook","url":"https://x.example","topic":"t"}""", "topic applies to mqtt endpoints only")]
    [InlineData("""{"type":"webhook","url":"https://x.example","timeoutSeconds":"5"}""", "timeoutSeconds must be a number")]
    [InlineData("""{"type":"webhook","url":"https://x.example","timeoutSeconds":0}""", "timeoutSeconds must be between")]
    [InlineData("""{"type":"webhook","url":"https://x.example","retry":{"maxAttempts":0}}""", "retry.maxAttempts")]
    [InlineData("""{"type":"webhook","url":"https://x.example","retry":{"tries":3}}""", "retry.tries is not a retry setting")]
    [InlineData("""{"type":"webhook","url":"https://x.example","colour":"red"}""", "'colour' is not an endpoint field")]
    [InlineData("""{"type":"mqtt","url":"mqtt://h:1883"}""", "topic is required")]
    [InlineData("""{"type":"mqtt","url":"mqtt://u:secret@h:1883","topic":"t"}""", "password")]
    [InlineData("""{"type":"mqtt","url":"http://h","topic":"t"}""", "url:")]
    [InlineData("""{"type":"mqtt","url":"mqtt://h","topic":"a/+/b"}""", "wildcard")]
    [InlineData("""{"type":"mqtt","url":"mqtt://h","topic":"a/{twin}/b"}""", "unknown placeholder '{twin}'")]
    [InlineData("""{"type":"mqtt","url":"mqtt://h","topic":"a/{twinId","qos":1}""", "not closed")]
    [InlineData("""{"type":"mqtt","url":"mqtt://h","topic":"t","qos":3}""", "qos must be 0, 1 or 2")]
    [InlineData("""{"type":"sse","url":"https://x.example"}""", "url applies to webhook and mqtt endpoints only")]
    [InlineData("""{"type":"sse","name":"other"}""", "name: the body names")]
    [InlineData("""["webhook"]""", "must be a JSON object")]
    public void FromJson_BadInput_NamesTheField(string json, string mentions) => AssertRefused(json, mentions);

    [Fact]
    public void FromJson_BadName_IsRefused() => AssertRefused("""{"type":"sse"}""", "not valid", name: "x");

    [Fact]
    public void Topic_ValuesAreOneLevelEach_MissingOnesAreUnderscores()
    {
        var e = new TwinLabEvent("7", TwinLabEventTypes.TwinUpdate, "src", "a/b+c#d%", DateTimeOffset.UnixEpoch, null) { TwinId = "a/b+c#d%", Branch = "main" };
        Assert.Equal("twins/a%2Fb%2Bc%23d%25/Microsoft.DigitalTwins.Twin.Update/_/main", TopicTemplate.Render("twins/{twinId}/{type}/{model}/{branch}", e));
        Assert.Null(TopicTemplate.Problem("x/{twinId}/{type}/{subject}/{id}/{source}/{branch}/{model}"));
    }
}
