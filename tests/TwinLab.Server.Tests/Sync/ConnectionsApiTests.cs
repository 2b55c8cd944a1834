using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using TwinLab.Sync.Connections;
using static TwinLab.Server.Tests.Adt;
using static TwinLab.Server.Tests.Sync.SyncTestSupport;

namespace TwinLab.Server.Tests.Sync;

public sealed class ConnectionsApiTests
{
    private static StringContent HttpConnection(string mapping = Mapping) =>
        Json(new JsonObject { ["type"] = "http", ["mapping"] = mapping, ["mappingName"] = "readings.yaml" }.ToJsonString());

    [Fact]
    public async Task Put_Get_List_Pause_Resume_Delete()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var created = await JsonOf(await client.PutAsync(Url("/connections/lab"), HttpConnection()), HttpStatusCode.Created);
        Assert.Equal("http", created.GetProperty("type").GetString());
        Assert.Equal("running", created.GetProperty("state").GetString());

        var mqtt = new JsonObject
        {
            ["type"] = "mqtt", ["mapping"] = Mapping,
            ["mqtt"] = new JsonObject { ["broker"] = "mqtt://127.0.0.1:1", ["topics"] = new JsonArray("plant/#"), ["clientId"] = "api-test-" + Guid.NewGuid().ToString("N") },
            ["paused"] = true,
        };
        await JsonOf(await client.PutAsync(Url("/connections/plant"), Json(mqtt.ToJsonString())), HttpStatusCode.Created);

        var list = await JsonOf(await client.GetAsync(Url("/connections")));
        var items = list.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(["lab", "plant"], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("paused", items[1].GetProperty("state").GetString());
        Assert.False(items[0].TryGetProperty("mapping", out _));
        var page = await JsonOf(await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("/connections")) { Headers = { { "max-items-per-page", "1" } } }));
        Assert.Single(page.GetProperty("value").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, page.GetProperty("nextLink").ValueKind);

        var lab = await JsonOf(await client.GetAsync(Url("/connections/lab")));
        Assert.Equal(Mapping, lab.GetProperty("mapping").GetString());
        Assert.Equal(0, lab.GetProperty("deadLetters").GetInt32());

        Assert.Equal("paused", (await JsonOf(await client.PostAsync(Url("/connections/lab/pause"), null))).GetProperty("state").GetString());
        await AssertError(await client.PostAsync(Url("/connections/lab/messages"), Ndjson(Reading("sensor-0", 1, 1))), HttpStatusCode.Conflict, "ConnectionPaused");
        Assert.Equal("running", (await JsonOf(await client.PostAsync(Url("/connections/lab/resume"), null))).GetProperty("state").GetString());

        // The CLI's view of the same database: the connections the API added.
        var store = new ConnectionStore(factory.Services.GetRequiredService<TwinService>().Store);
        Assert.Equal(["lab", "plant"], store.List().Select(c => c.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/connections/plant"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/connections/plant")), HttpStatusCode.NotFound, "ConnectionNotFound");
        await AssertError(await client.DeleteAsync(Url("/connections/plant")), HttpStatusCode.NotFound, "ConnectionNotFound");
        await AssertError(await client.PostAsync(Url("/connections/plant/pause"), null), HttpStatusCode.NotFound, "ConnectionNotFound");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/connections/lab"), HttpConnection())).StatusCode);
    }

    [Fact]
    public async Task PauseAndResume_OnAServerOnStandby_AnswerWhatTheDefinitionSays_NotTheHoldersStatusBeforeTheChange()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var mqtt = new JsonObject
        {
            ["type"] = "mqtt", ["mapping"] = Mapping, ["paused"] = true,
            ["mqtt"] = new JsonObject { ["broker"] = "mqtt://127.0.0.1:1", ["topics"] = new JsonArray("plant/#"), ["clientId"] = "api-test-" + Guid.NewGuid().ToString("N") },
        };
        await JsonOf(await client.PutAsync(Url("/connections/plant"), Json(mqtt.ToJsonString())), HttpStatusCode.Created);
        // This server loses the lease; the holder (another server) has just written that it runs the connection.
        var manager = factory.Services.GetRequiredService<ConnectionManager>();
        await manager.SetActiveAsync(false);
        await JsonOf(await client.PostAsync(Url("/connections/plant/resume"), null));
        manager.Connections.SaveStatus(new ConnectionStatus("plant", ConnectionStates.Running, "other host", DateTimeOffset.UtcNow));

        // The pause is stored; the holder takes it up at its next poll, while its status still says running.
        var paused = await JsonOf(await client.PostAsync(Url("/connections/plant/pause"), null));
        Assert.Equal("paused", paused.GetProperty("state").GetString());
        Assert.Equal("running", paused.GetProperty("status").GetProperty("state").GetString());
        Assert.True(paused.TryGetProperty("leaseHolder", out _));
        manager.Connections.SaveStatus(new ConnectionStatus("plant", ConnectionStates.Paused, "other host", DateTimeOffset.UtcNow));
        var resumed = await JsonOf(await client.PostAsync(Url("/connections/plant/resume"), null));
        Assert.Equal("standby", resumed.GetProperty("state").GetString());
        Assert.Equal("paused", resumed.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("paused", (await JsonOf(await client.PostAsync(Url("/connections/plant/pause"), null))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Put_BadDefinitions_AreRefusedNamingTheFieldOrMappingLine()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        async Task<string> Refused(string body, string code = "InvalidArgument")
        {
            var r = await client.PutAsync(Url("/connections/bad"), Json(body));
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, text);
            Assert.Equal(code, r.Headers.GetValues("x-ms-error-code").Single());
            return JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("message").GetString()!;
        }
        Assert.Contains("mqtt.topics", await Refused("""{"type":"mqtt","mapping":"rules: []","mqtt":{"broker":"mqtt://h"}}"""));
        Assert.Contains("mqtt.broker", await Refused("""{"type":"mqtt","mapping":"x","mqtt":{"broker":"ftp://h","topics":["a"]}}"""));
        Assert.Contains("type is required", await Refused("""{"mapping":"x"}"""));
        var mapping = await Refused("""{"type":"http","mappingName":"m.yaml","mapping":"rules:\n  - twin: $.device\n    telemetry:\n      t: { form: $.t }\n"}""",
            ConnectionValidation.MappingInvalid);
        Assert.Contains("m.yaml:4:", mapping);
        Assert.Contains("form", mapping);
        Assert.Empty((await JsonOf(await client.GetAsync(Url("/connections")))).GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task PostMessages_ToAnHttpConnection_AppliesGoodLines_DeadLettersBadOnes_AndARetryWithMessageIdIsExactlyOnce()
    {
        using var factory = new ServerFactory();
        var client = await Sensors(factory);
        await JsonOf(await client.PutAsync(Url("/connections/lab"), HttpConnection()), HttpStatusCode.Created);
        HttpRequestMessage Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Url("/connections/lab/messages"))
            {
                Content = Ndjson(Reading("sensor-0", 1, 20.5), """{"device":"sensor-0"}""", Reading("sensor-1", 1, 21)),
            };
            request.Headers.Add("Message-Id", "upload-7");
            return request;
        }

        var first = await JsonOf(await client.SendAsync(Post()));
        Assert.Equal((3, 2, 0, 1), (first.GetProperty("lines").GetInt32(), first.GetProperty("accepted").GetInt32(),
            first.GetProperty("duplicates").GetInt32(), first.GetProperty("deadLettered").GetInt32()));
        var error = Assert.Single(first.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Contains("$.t", error.GetProperty("error").GetString());

        var retry = await JsonOf(await client.SendAsync(Post()));
        Assert.Equal(2, retry.GetProperty("duplicates").GetInt32());
        Assert.Single(Points(factory, "sensor-0", "seq"));

        var lab = await JsonOf(await client.GetAsync(Url("/connections/lab")));
        Assert.Equal(1, lab.GetProperty("deadLetters").GetInt32());
        Assert.Equal(6, lab.GetProperty("status").GetProperty("received").GetInt64());
        Assert.Equal(2, lab.GetProperty("status").GetProperty("applied").GetInt64());

        var mqtt = new JsonObject
        {
            ["type"] = "mqtt", ["mapping"] = Mapping, ["paused"] = true,
            ["mqtt"] = new JsonObject { ["broker"] = "mqtt://127.0.0.1:1", ["topics"] = new JsonArray("x") },
        };
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url("/connections/plant"), Json(mqtt.ToJsonString()))).StatusCode);
        await AssertError(await client.PostAsync(Url("/connections/plant/messages"), Ndjson("{}")), HttpStatusCode.Conflict, "ConnectionNotHttp");
        await AssertError(await client.PostAsync(Url("/connections/nope/messages"), Ndjson("{}")), HttpStatusCode.NotFound, "ConnectionNotFound");
        var plain = new StringContent("{}", Encoding.UTF8);
        plain.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        await AssertError(await client.PostAsync(Url("/connections/lab/messages"), plain), HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Endpoints_NeedAToken_UnlessDev()
    {
        using var factory = ServerFactory.WithAuth();
        var client = factory.CreateClient();
        foreach (var path in new[] { "/connections", "/connections/lab", "/deadletters" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Url(path))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(Url("/telemetry/batch"), Ndjson("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutAsync(Url("/connections/lab"), HttpConnection())).StatusCode);
    }
}
