using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Routing.Delivery;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Delivery;

public sealed class EndpointsApiTests
{
    private static StringContent Route(string endpoint, string filter) => Json(JsonSerializer.Serialize(new { endpointName = endpoint, filter }));

    [Fact]
    public async Task Endpoints_PutGetListDelete_WithDeliveryState()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var put = await client.PutAsync(Url("/endpoints/ops-hook"), Json("""
            {"type":"webhook","url":"https://hooks.example/twins","headers":{"Authorization":"env:HOOK_TOKEN"},"retry":{"maxAttempts":5}}
            """));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using (var stored = JsonDocument.Parse(await put.Content.ReadAsStringAsync()))
        {
            Assert.Equal("ops-hook", stored.RootElement.GetProperty("name").GetString());
            Assert.Equal("env:HOOK_TOKEN", stored.RootElement.GetProperty("headers").GetProperty("Authorization").GetString());
            Assert.True(stored.RootElement.TryGetProperty("updated", out _));
            Assert.False(stored.RootElement.TryGetProperty("topic", out _));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/endpoints/live"), Json("""{"type":"sse"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync(Url("/eventroutes/r1"), Route("ops-hook", "type = 'Microsoft.DigitalTwins.Twin.Update'"))).StatusCode);

        using (var got = JsonDocument.Parse(await client.GetStringAsync(Url("/endpoints/ops-hook"))))
        {
            var delivery = got.RootElement.GetProperty("delivery");
            var route = Assert.Single(delivery.GetProperty("routes").EnumerateArray());
            Assert.Equal("r1", route.GetProperty("id").GetString());
            Assert.Equal(5, got.RootElement.GetProperty("retry").GetProperty("maxAttempts").GetInt32());
            Assert.Equal(0, delivery.GetProperty("delivered").GetInt64());
        }
        using (var list = JsonDocument.Parse(await client.GetStringAsync(Url("/endpoints"))))
        {
            Assert.Equal(["live", "ops-hook"], list.RootElement.GetProperty("value").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
            Assert.Equal("streaming", list.RootElement.GetProperty("value")[0].GetProperty("delivery").GetProperty("state").GetString());
        }

        // What GET returned may be PUT back (read-only fields are ignored).
        var again = await client.GetStringAsync(Url("/endpoints/ops-hook"));
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/endpoints/ops-hook"), Json(again))).StatusCode);

        await AssertError(await client.DeleteAsync(Url("/endpoints/ops-hook")), HttpStatusCode.BadRequest, EndpointStore.EndpointInUse);
        Assert.Contains("'r1'", await (await client.DeleteAsync(Url("/endpoints/ops-hook"))).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/eventroutes/r1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/endpoints/ops-hook"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/endpoints/ops-hook")), HttpStatusCode.NotFound, EndpointStore.EndpointNotFound);
        await AssertError(await client.DeleteAsync(Url("/endpoints/ops-hook")), HttpStatusCode.NotFound, EndpointStore.EndpointNotFound);
    }

    [Fact]
    public async Task Route_ToAnUnknownEndpoint_IsRefusedAsInAdt()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var r = await client.PutAsync(Url("/eventroutes/r1"), Route("nowhere", "true"));
        await AssertError(r, HttpStatusCode.BadRequest, "EventRouteEndpointInvalid");
        Assert.Contains("'nowhere' does not exist", await r.Content.ReadAsStringAsync());
        await AssertError(await client.GetAsync(Url("/eventroutes/r1")), HttpStatusCode.NotFound, "EventRouteNotFound");
    }

    [Fact]
    public async Task PutEndpoint_BadInput_BadRequestNamingTheField_NothingStored()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        (string Name, string Body, string Mentions)[] cases =
        [
            ("hook", """{"type":"webhook","url":"https://x.example","headers":{"Authorization":"Bearer s3cret"}}""", "env:VARIABLE"),
            ("hook", """{"type":"webhook"}""", "url is required"),
            ("hook", """{"type":"mqtt","url":"mqtt://h","topic":"a/#"}""", "wildcard"),
            ("hook", """{"type":"sse","qos":1}""", "qos applies to mqtt"),
            ("hook", """{"type":"webhook","url":"https://x.example",""", "not valid JSON"),
            ("x", """{"type":"sse"}""", "not valid"),
        ];
        foreach (var (name, body, mentions) in cases)
        {
            var r = await client.PutAsync(Url($"/endpoints/{name}"), Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var text = await r.Content.ReadAsStringAsync();
            Assert.Contains(mentions, text);
            Assert.DoesNotContain("s3cret", text);
        }
        using var list = JsonDocument.Parse(await client.GetStringAsync(Url("/endpoints")));
        Assert.Equal(0, list.RootElement.GetProperty("value").GetArrayLength());
        Assert.Empty(factory.Services.GetRequiredService<EndpointStore>().List());
    }

    [Fact]
    public async Task PutEndpoint_BadReplacement_KeepsTheEndpointAsItWas()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await client.PutAsync(Url("/endpoints/hook"), Json("""{"type":"webhook","url":"https://a.example/x"}""")).Ok();
        await AssertError(await client.PutAsync(Url("/endpoints/hook"), Json("""{"type":"webhook","url":"https://b.example/x","qos":1}""")),
            HttpStatusCode.BadRequest, EndpointStore.EndpointInvalid);
        using var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/endpoints/hook")));
        Assert.Equal("https://a.example/x", doc.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Endpoints_NeedAToken_WithoutDev()
    {
        using var factory = ServerFactory.WithAuth();
        var client = factory.CreateClient();
        await AssertError(await client.GetAsync(Url("/endpoints")), HttpStatusCode.Unauthorized, "Unauthorized");
        await AssertError(await client.PutAsync(Url("/endpoints/ops-hook"), Json("""{"type":"sse"}""")), HttpStatusCode.Unauthorized, "Unauthorized");
    }
}
