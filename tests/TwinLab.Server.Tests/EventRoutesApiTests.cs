using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Events;
using TwinLab.Server.Routing;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class EventRoutesApiTests
{
    private static StringContent Route(string endpoint, string filter) =>
        Json(JsonSerializer.Serialize(new { endpointName = endpoint, filter }));

    /// <summary>Routes may only name existing endpoints (ADT's rule): the ones these tests use.</summary>
    private static HttpClient WithEndpoints(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ServerSettings> factory)
    {
        var endpoints = factory.Services.GetRequiredService<TwinLab.Server.Routing.Delivery.EndpointStore>();
        foreach (var name in new[] { "hub", "other" })
            if (endpoints.Find(name) is null) endpoints.Put(new TwinLab.Server.Routing.Delivery.EndpointDefinition(name, TwinLab.Server.Routing.Delivery.EndpointTypes.Sse));
        return factory.CreateClient();
    }

    [Fact]
    public async Task Routes_PutGetReplaceDelete()
    {
        using var factory = new ServerFactory();
        var store = factory.Services.GetRequiredService<EventRouteStore>();
        var changes = 0;
        store.Changed += () => changes++;
        var client = WithEndpoints(factory);
        var put = await client.PutAsync(Url("/eventroutes/r1"), Route("hub", "type = 'Microsoft.DigitalTwins.Twin.Create'"));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        using (var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/eventroutes/r1"))))
        {
            Assert.Equal("r1", doc.RootElement.GetProperty("id").GetString());
            Assert.Equal("hub", doc.RootElement.GetProperty("endpointName").GetString());
            Assert.Equal("type = 'Microsoft.DigitalTwins.Twin.Create'", doc.RootElement.GetProperty("filter").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync(Url("/eventroutes/r1"), Route("other", "false"))).StatusCode);
        using (var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/eventroutes/r1"))))
        {
            Assert.Equal("other", doc.RootElement.GetProperty("endpointName").GetString());
            Assert.Equal("false", doc.RootElement.GetProperty("filter").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/eventroutes/r1"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/eventroutes/r1")), HttpStatusCode.NotFound, "EventRouteNotFound");
        await AssertError(await client.DeleteAsync(Url("/eventroutes/r1")), HttpStatusCode.NotFound, "EventRouteNotFound");
        Assert.Equal(3, changes);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task PutRoute_BadInput_BadRequestNamingTheField()
    {
        using var factory = new ServerFactory();
        var client = WithEndpoints(factory);
        var r = await client.PutAsync(Url("/eventroutes/r1"), Route("hub", "type = 'x' OR"));
        await AssertError(r, HttpStatusCode.BadRequest, "EventRouteFilterInvalid");
        Assert.Contains("at position 14", await r.Content.ReadAsStringAsync());
        (string Body, string Code)[] cases =
        [
            ("""{"filter":"true"}""", "EventRouteEndpointInvalid"),
            ("""{"endpointName":"","filter":"true"}""", "EventRouteEndpointInvalid"),
            ("""{"endpointName":5,"filter":"true"}""", "EventRouteEndpointInvalid"),
            ("""{"endpointName":"hub"}""", "EventRouteFilterInvalid"),
            ("""{"endpointName":"hub","filter":true}""", "EventRouteFilterInvalid"),
            ("""["hub"]""", "InvalidArgument"),
            ("""{"endpointName":"hub",""", "InvalidArgument"),
        ];
        foreach (var (body, code) in cases)
            await AssertError(await client.PutAsync(Url("/eventroutes/r1"), Json(body)), HttpStatusCode.BadRequest, code);
        await AssertError(await client.PutAsync(Url($"/eventroutes/{new string('x', 129)}"), Route("hub", "true")), HttpStatusCode.BadRequest, "EventRouteIdInvalid");
        await AssertError(await client.GetAsync("/eventroutes"), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
        await AssertError(await client.GetAsync(Url("/eventroutes/r1")), HttpStatusCode.NotFound, "EventRouteNotFound");
    }

    [Fact]
    public async Task ListRoutes_Paged_FollowsNextLinkInIdOrder()
    {
        using var factory = new ServerFactory();
        var client = WithEndpoints(factory);
        using (var empty = JsonDocument.Parse(await client.GetStringAsync(Url("/eventroutes"))))
        {
            Assert.Equal(0, empty.RootElement.GetProperty("value").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, empty.RootElement.GetProperty("nextLink").ValueKind);
        }
        foreach (var id in new[] { "e", "c", "a", "d", "b" })
            Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync(Url($"/eventroutes/{id}"), Route("hub", "true"))).StatusCode);
        var seen = new List<string>();
        var pages = 0;
        string? next = Url("/eventroutes");
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add(pages % 2 == 0 ? "max-items-per-page" : "x-ms-max-item-count", "2");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var value = doc.RootElement.GetProperty("value");
            Assert.True(value.GetArrayLength() <= 2);
            seen.AddRange(value.EnumerateArray().Select(v => v.GetProperty("id").GetString()!));
            next = doc.RootElement.GetProperty("nextLink").GetString();
            pages++;
        }
        Assert.Equal(["a", "b", "c", "d", "e"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Routes_SurviveRestart()
    {
        var dir = Directory.CreateTempSubdirectory("twinlab-routes-").FullName;
        var db = Path.Combine(dir, "twinlab.db");
        try
        {
            using (var first = new DbFactory(db))
            {
                var client = WithEndpoints(first);
                Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync(Url("/eventroutes/keep"), Route("hub", "subject = 'room1'"))).StatusCode);
                await client.PutAsync(Url("/eventroutes/gone"), Route("hub", "true"));
                await client.DeleteAsync(Url("/eventroutes/gone"));
            }
            using var second = new DbFactory(db);
            var again = second.CreateClient();
            using var doc = JsonDocument.Parse(await again.GetStringAsync(Url("/eventroutes/keep")));
            Assert.Equal("subject = 'room1'", doc.RootElement.GetProperty("filter").GetString());
            await AssertError(await again.GetAsync(Url("/eventroutes/gone")), HttpStatusCode.NotFound, "EventRouteNotFound");
            var store = second.Services.GetRequiredService<EventRouteStore>();
            var route = Assert.Single(store.Routes);
            var e = new TwinLabEvent("1", TwinLabEventTypes.TwinCreate, "s", "room1", DateTimeOffset.UnixEpoch, null);
            Assert.True(route.Filter.Matches(e));
            Assert.False(route.Filter.Matches(e with { Subject = "room2" }));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class DbFactory(string db) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ServerSettings>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("TwinLab:Db", db);
            builder.UseSetting("TwinLab:Dev", "true");
        }
    }
}
