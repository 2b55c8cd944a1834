using TwinLab.Server.Routing.Delivery;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Tests;

public sealed class EndpointsCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static void AssertUserError((int Exit, string Out, string Err) result, string mentions)
    {
        Assert.Equal(1, result.Exit);
        Assert.StartsWith("error: ", result.Err);
        Assert.Contains(mentions, result.Err);
    }

    [Fact]
    public void AddListShowRemove_Webhook_WithARoute()
    {
        var (exit, stdout, stderr) = _cli.Run("endpoints", "add", "ops-hook", "--webhook", "https://hooks.example/twins",
            "--header", "Authorization=env:HOOK_TOKEN", "--header", "X-Team=ops", "--max-attempts", "10", "--max-age", "2h", "--initial-backoff", "500ms");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Added webhook endpoint 'ops-hook': https://hooks.example/twins.", stdout);
        var route = _cli.Run("routes", "add", "updates", "--endpoint", "ops-hook", "--filter", "type = 'Microsoft.DigitalTwins.Twin.Update'");
        Assert.True(route.Exit == 0, route.Err);
        Assert.Contains("Added event route 'updates'", route.Out);

        var list = _cli.Run("endpoints", "list");
        Assert.Contains("ops-hook", list.Out);
        Assert.Contains("updates", list.Out);
        Assert.Contains("up to date", list.Out);

        var json = _cli.Json("endpoints", "list").AsArray();
        var e = Assert.Single(json)!;
        Assert.Equal("env:HOOK_TOKEN", e["headers"]!["Authorization"]!.GetValue<string>());
        Assert.Equal(10, e["retry"]!["maxAttempts"]!.GetValue<int>());
        Assert.Equal(7200, e["retry"]!["maxAgeSeconds"]!.GetValue<double>());
        Assert.Equal(0.5, e["retry"]!["initialBackoffSeconds"]!.GetValue<double>());
        var r = e["delivery"]!["routes"]![0]!;
        Assert.Equal("updates", r["id"]!.GetValue<string>());
        Assert.NotNull(r["cursor"]);

        var show = _cli.Run("endpoints", "show", "ops-hook");
        Assert.Contains("header Authorization: env:HOOK_TOKEN", show.Out);
        Assert.Contains("header X-Team: (set)", show.Out);
        Assert.Contains("at most 10 attempts", show.Out);
        Assert.Contains("route updates (filter: type = 'Microsoft.DigitalTwins.Twin.Update')", show.Out);
        Assert.Contains("cursor: after sequence", show.Out);

        AssertUserError(_cli.Run("endpoints", "remove", "ops-hook"), "used by the event route 'updates'");
        Assert.Equal(0, _cli.Run("routes", "remove", "updates").Exit);
        var removed = _cli.Run("endpoints", "remove", "ops-hook");
        Assert.True(removed.Exit == 0, removed.Err);
        Assert.Empty(_cli.Json("endpoints", "list").AsArray());
        Assert.Empty(_cli.Json("routes", "list").AsArray());
        using var store = SqliteTwinStore.Open(_cli.Db);
        Assert.Empty(new DeliveryStateStore(store).List());
    }

    [Fact]
    public void Add_MqttAndSse()
    {
        Assert.Equal(0, _cli.Run("endpoints", "add", "plant-bus", "--mqtt", "mqtt://twinlab@127.0.0.1:1883", "--topic", "twinlab/{twinId}/{type}", "--qos", "1", "--password-env", "MQTT_PASSWORD").Exit);
        Assert.Equal(0, _cli.Run("endpoints", "add", "live", "--sse").Exit);
        Assert.Equal(0, _cli.Run("routes", "add", "to-live", "--endpoint", "live").Exit);
        var list = _cli.Json("endpoints", "list").AsArray();
        Assert.Equal(["live", "plant-bus"], list.Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal("streaming", list[0]!["delivery"]!["state"]!.GetValue<string>());
        Assert.Equal("twinlab/{twinId}/{type}", list[1]!["topic"]!.GetValue<string>());
        Assert.Contains("streamed live", _cli.Run("endpoints", "show", "live").Out);
        // A route to an SSE endpoint has no delivery state: the server streams it.
        using var store = SqliteTwinStore.Open(_cli.Db);
        Assert.Null(new DeliveryStateStore(store).Find("to-live"));
    }

    [Theory]
    [InlineData(new[] { "endpoints", "add", "hook" }, "Give exactly one of --webhook URL")]
    [InlineData(new[] { "endpoints", "add", "hook", "--sse", "--webhook", "https://x.example" }, "Give exactly one of")]
    [InlineData(new[] { "endpoints", "add", "hook", "--webhook", "https://x.example", "--header", "Authorization=Bearer s3cret" }, "carries a credential")]
    [InlineData(new[] { "endpoints", "add", "hook", "--webhook", "https://x.example", "--header", "nonsense" }, "NAME=VALUE")]
    [InlineData(new[] { "endpoints", "add", "hook", "--webhook", "https://x.example", "--max-age", "soon" }, "--max-age: 'soon' is not a positive duration")]
    [InlineData(new[] { "endpoints", "add", "hook", "--webhook", "https://x.example", "--timeout", "5w" }, "unknown unit 'w'")]
    [InlineData(new[] { "endpoints", "add", "hook", "--mqtt", "mqtt://127.0.0.1" }, "topic is required")]
    [InlineData(new[] { "endpoints", "add", "hook", "--sse", "--topic", "t" }, "topic applies to mqtt endpoints only")]
    [InlineData(new[] { "endpoints", "add", "x", "--sse" }, "is not valid")]
    [InlineData(new[] { "endpoints", "show", "nope" }, "There is no endpoint 'nope'")]
    [InlineData(new[] { "endpoints", "remove", "nope" }, "There is no endpoint 'nope'")]
    [InlineData(new[] { "routes", "add", "r1", "--endpoint", "nope" }, "The endpoint 'nope' does not exist")]
    [InlineData(new[] { "routes", "remove", "r1" }, "There is no event route 'r1'")]
    public void BadInput_IsAUserError_NamingWhatIsWrong(string[] args, string mentions)
    {
        var result = _cli.Run(args);
        AssertUserError(result, mentions);
        Assert.DoesNotContain("s3cret", result.Err);
        Assert.Empty(_cli.Json("endpoints", "list").AsArray());
    }

    [Fact]
    public void Add_Existing_NeedsReplace_RoutesKeepTheirPosition()
    {
        Assert.Equal(0, _cli.Run("endpoints", "add", "hook", "--webhook", "https://a.example/x").Exit);
        AssertUserError(_cli.Run("endpoints", "add", "hook", "--webhook", "https://b.example/x"), "--replace");
        Assert.Equal(0, _cli.Run("routes", "add", "r1", "--endpoint", "hook").Exit);
        var before = _cli.Json("endpoints", "list")[0]!["delivery"]!["routes"]![0]!["cursor"]!.GetValue<long>();
        _cli.LoadBuilding();
        var replaced = _cli.Run("endpoints", "add", "hook", "--webhook", "https://b.example/x", "--replace");
        Assert.Contains("Replaced webhook endpoint 'hook'", replaced.Out);
        var after = _cli.Json("endpoints", "list")[0]!;
        Assert.Equal("https://b.example/x", after["url"]!.GetValue<string>());
        Assert.Equal(before, after["delivery"]!["routes"]![0]!["cursor"]!.GetValue<long>());
        Assert.True(after["delivery"]!["backlog"]!.GetValue<long>() > 0, "the model import is waiting for delivery");
        Assert.Equal("behind", after["delivery"]!["state"]!.GetValue<string>());
        AssertUserError(_cli.Run("routes", "add", "r1", "--endpoint", "hook"), "--replace");
    }
}
