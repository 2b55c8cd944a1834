using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Security;
using TwinLab.Server;

namespace TwinLab.Cluster.Tests.Api;

/// <summary>
/// One REST scenario — models, twins, relationships, a patch with If-Match (right and stale), refused writes, queries with
/// JOIN, MATCH, COUNT and TOP, a delete refused while relationships point at the twin — sent to an embedded server and to a
/// server whose twins are the grains of a 3-silo cluster: every response (status, ETag, body) must be the same.
/// </summary>
public sealed class ClusterAdtApiTests
{
    private const string V = "api-version=2023-10-31";

    [Fact]
    public async Task RestScenario_OnClusterNode_AnswersAsTheEmbeddedServer()
    {
        var cluster = await TestClusters.StartAsync(3);
        var dir = Directory.CreateTempSubdirectory("twinlab-cluster-api-").FullName;
        try
        {
            await using var embedded = await StartAsync(Path.Combine(dir, "embedded.db"), null);
            await using var node = await StartAsync(Path.Combine(dir, "node.db"), builder =>
                builder.UseClusterTwins(_ => cluster.Client, new ClusterTwinOptions().IndexShards));
            var expected = await RunScenarioAsync(embedded);
            var actual = await RunScenarioAsync(node);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
            // The scenario saw what it is about: conditional writes, refusals and queries answered.
            Assert.Contains(expected, r => r.StartsWith("PATCH digitaltwins/room-001 -> 412", StringComparison.Ordinal));
            Assert.Contains(expected, r => r.StartsWith("DELETE digitaltwins/ahu-1 -> 400", StringComparison.Ordinal));
            Assert.Contains(expected, r => r.StartsWith("DELETE digitaltwins/ahu-1 -> 204", StringComparison.Ordinal));
            // The twins are on the grains, not in the node's own database.
            Assert.NotNull(await cluster.Client.GetGrain<ITwinGrain>(TwinKey.Of("main", "room-001")).GetAsync());
            using var client = new HttpClient { BaseAddress = node.Address };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"digitaltwins/room-001?{V}")).StatusCode);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task AccessPolicies_OnClusterNode_HideWhatTheyHideOnTheEmbeddedServer()
    {
        var cluster = await TestClusters.StartAsync(1);
        var dir = Directory.CreateTempSubdirectory("twinlab-cluster-access-").FullName;
        try
        {
            await using var embedded = await StartAsync(Path.Combine(dir, "embedded.db"), null, dev: false);
            await using var node = await StartAsync(Path.Combine(dir, "node.db"), builder =>
                builder.UseClusterTwins(_ => cluster.Client, new ClusterTwinOptions().IndexShards), dev: false);
            var expected = await RunAccessScenarioAsync(embedded);
            var actual = await RunAccessScenarioAsync(node);
            Assert.Equal(expected, actual);
            Assert.Contains(expected, r => r.StartsWith("rooms GET digitaltwins/ahu-1 -> 404", StringComparison.Ordinal));
            Assert.Contains(expected, r => r.StartsWith("rooms GET digitaltwins/room-001 -> 200", StringComparison.Ordinal));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// An admin puts two rooms and an air-handling unit, one room served by it; a caller with READ and WRITE on
    /// <c>twins:room-*</c> only then reads, lists, queries and writes. Each response as one line.
    /// </summary>
    private static async Task<List<string>> RunAccessScenarioAsync(Server server)
    {
        var keys = server.App.Services.GetRequiredService<TwinLab.Server.Security.ApiKeyStore>();
        var policies = server.App.Services.GetRequiredService<PolicyStore>();
        policies.Add("admins", "key:admin", Permissions.Admin, PolicyResource.Everything, revoke: false);
        foreach (var resource in new[] { "twins:room-*", "branch:main" })
            policies.Add("rooms", "key:rooms", Permissions.Read | Permissions.Write, PolicyResource.Parse(resource, "test"), revoke: false);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var name in new[] { "admin", "rooms" })
        {
            clients[name] = new HttpClient { BaseAddress = server.Address };
            clients[name].DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keys.Create(name).Key);
        }
        var log = new List<string>();
        using var building = JsonDocument.Parse(Examples.Read("building/twins.json"));
        var twins = building.RootElement.GetProperty("twins").EnumerateArray().ToDictionary(t => t.GetProperty("$dtId").GetString()!, t => t.GetRawText());

        async Task Send(string caller, HttpMethod method, string path, string? body = null, string contentType = "application/json")
        {
            using var request = new HttpRequestMessage(method, $"{path}{(path.Contains('?') ? '&' : '?')}{V}");
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
            var response = await clients[caller].SendAsync(request);
            log.Add($"{caller} {method} {path} -> {(int)response.StatusCode} {response.Headers.ETag} {WithoutTimes(await response.Content.ReadAsStringAsync())}");
        }

        await Send("admin", HttpMethod.Post, "models", BuildingModels());
        foreach (var id in new[] { "room-001", "room-003", "ahu-1" }) await Send("admin", HttpMethod.Put, $"digitaltwins/{id}", twins[id]);
        await Send("admin", HttpMethod.Put, "digitaltwins/room-001/relationships/served", """{"$relationshipName":"servedBy","$targetId":"ahu-1"}""");
        await Send("rooms", HttpMethod.Get, "digitaltwins/room-001");
        await Send("rooms", HttpMethod.Get, "digitaltwins/ahu-1");
        await Send("rooms", HttpMethod.Patch, "digitaltwins/ahu-1", """[{"op":"replace","path":"/status","value":"off"}]""", "application/json-patch+json");
        await Send("rooms", HttpMethod.Get, "digitaltwins/room-001/relationships");
        await Send("rooms", HttpMethod.Get, "digitaltwins/room-001/relationships/served");
        await Send("rooms", HttpMethod.Delete, "digitaltwins/room-001/relationships/served");
        await Send("rooms", HttpMethod.Put, "digitaltwins/room-003/relationships/served", """{"$relationshipName":"servedBy","$targetId":"ahu-1"}""");
        await Send("rooms", HttpMethod.Post, "query", """{"query": "SELECT T.$dtId FROM DIGITALTWINS T"}""");
        await Send("rooms", HttpMethod.Post, "query", """{"query": "SELECT COUNT() FROM DIGITALTWINS R JOIN A RELATED R.servedBy"}""");
        await Send("rooms", HttpMethod.Patch, "digitaltwins/room-003", """[{"op":"replace","path":"/occupancy","value":2}]""", "application/json-patch+json");
        await Send("admin", HttpMethod.Post, "query", """{"query": "SELECT COUNT() FROM DIGITALTWINS R JOIN A RELATED R.servedBy"}""");
        foreach (var client in clients.Values) client.Dispose();
        return log;
    }

    /// <summary>The building example's models as one upload (a JSON array of interfaces).</summary>
    private static string BuildingModels() =>
        "[" + string.Join(",", ExampleGraphs.Models("building", "Space.json", "Room.json", "Building.json", "Equipment.json")
            .SelectMany(m => JsonNode.Parse(m) is JsonArray a ? a.Select(x => x!.ToJsonString()) : [m])) + "]";

    /// <summary>The scenario's requests; each response as one line: request, status, ETag and body without times.</summary>
    private static async Task<List<string>> RunScenarioAsync(Server server)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var log = new List<string>();
        using var building = JsonDocument.Parse(Examples.Read("building/twins.json"));
        var twins = building.RootElement.GetProperty("twins").EnumerateArray().ToDictionary(t => t.GetProperty("$dtId").GetString()!, t => t.GetRawText());

        async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? body = null, string? contentType = "application/json", string? ifMatch = null)
        {
            using var request = new HttpRequestMessage(method, $"{path}{(path.Contains('?') ? '&' : '?')}{V}");
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var sequence = response.Headers.TryGetValues("TwinLab-Sequence", out var values) ? $" seq {values.Single()}" : "";
            log.Add($"{method} {path} -> {(int)response.StatusCode} {response.Headers.ETag}{sequence} {WithoutTimes(text)}");
            return response;
        }

        await Send(HttpMethod.Post, "models", BuildingModels());
        foreach (var id in new[] { "hq", "floor-0", "room-001", "room-002", "room-003", "ahu-1", "ahu-2" })
            await Send(HttpMethod.Put, $"digitaltwins/{id}", twins[id]);
        await Send(HttpMethod.Put, "digitaltwins/hq/relationships/hq-has-floor-0", """{"$relationshipName":"hasFloor","$targetId":"floor-0"}""");
        foreach (var room in new[] { "room-001", "room-002", "room-003" })
        {
            await Send(HttpMethod.Put, $"digitaltwins/floor-0/relationships/floor-0-has-{room}", $$"""{"$relationshipName":"hasRoom","$targetId":"{{room}}"}""");
            await Send(HttpMethod.Put, $"digitaltwins/{room}/relationships/{room}-servedBy", """{"$relationshipName":"servedBy","$targetId":"ahu-1","since":"2020-01-01"}""");
        }
        var etag = (await Send(HttpMethod.Get, "digitaltwins/room-001")).Headers.ETag!.ToString();
        const string patch = """[{"op":"replace","path":"/occupancy","value":7}]""";
        await Send(HttpMethod.Patch, "digitaltwins/room-001", patch, "application/json-patch+json", ifMatch: etag);
        await Send(HttpMethod.Patch, "digitaltwins/room-001", patch, "application/json-patch+json", ifMatch: etag);   // stale now: 412
        await Send(HttpMethod.Patch, "digitaltwins/room-001", """[{"op":"replace","path":"/occupancy","value":"many"}]""", "application/json-patch+json");
        await Send(HttpMethod.Patch, "digitaltwins/no-such", patch, "application/json-patch+json");
        await Send(HttpMethod.Get, "digitaltwins/room-001");
        await Send(HttpMethod.Get, "digitaltwins/no-such");
        await Send(HttpMethod.Put, "digitaltwins/room-004", """{"$metadata":{"$model":"dtmi:twinlab:example:Nothing;1"}}""");
        await Send(HttpMethod.Put, "digitaltwins/room-002/relationships/bad", """{"$relationshipName":"servedBy","$targetId":"floor-0"}""");
        await Send(HttpMethod.Put, "digitaltwins/room-002/relationships/gone", """{"$relationshipName":"servedBy","$targetId":"ahu-9"}""");
        await Send(HttpMethod.Get, "digitaltwins/floor-0/relationships");
        await Send(HttpMethod.Get, "digitaltwins/floor-0/relationships?relationshipName=hasRoom");
        await Send(HttpMethod.Get, "digitaltwins/ahu-1/incomingrelationships");
        var rel = (await Send(HttpMethod.Get, "digitaltwins/room-002/relationships/room-002-servedBy")).Headers.ETag!.ToString();
        await Send(HttpMethod.Patch, "digitaltwins/room-002/relationships/room-002-servedBy", """[{"op":"replace","path":"/since","value":"2021-06-01"}]""",
            "application/json-patch+json", ifMatch: rel);
        await Send(HttpMethod.Get, "digitaltwins/room-002/relationships/nothing");
        foreach (var query in new[]
        {
            "SELECT * FROM DIGITALTWINS T WHERE T.occupancy > 2",
            "SELECT COUNT() FROM DIGITALTWINS",
            "SELECT TOP(2) T.name FROM DIGITALTWINS T WHERE IS_DEFINED(T.area)",
            "SELECT R FROM DIGITALTWINS F JOIN R RELATED F.hasRoom WHERE F.$dtId = 'floor-0'",
            "SELECT r.name, a.$dtId FROM DIGITALTWINS MATCH (f)-[:hasRoom]->(r)-[:servedBy]->(a) WHERE f.$dtId = 'floor-0'",
            "SELECT * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'servedBy'",
            "SELECT FROM nothing",
        })
            await Send(HttpMethod.Post, "query", new JsonObject { ["query"] = query }.ToJsonString());
        await Send(HttpMethod.Delete, "digitaltwins/ahu-1");                 // refused: relationships point at it
        foreach (var room in new[] { "room-001", "room-002", "room-003" })
            await Send(HttpMethod.Delete, $"digitaltwins/{room}/relationships/{room}-servedBy");
        await Send(HttpMethod.Delete, "digitaltwins/ahu-1", ifMatch: "W/\"1\"");  // stale
        await Send(HttpMethod.Delete, "digitaltwins/ahu-1");
        await Send(HttpMethod.Get, "digitaltwins/ahu-1");
        await Send(HttpMethod.Get, "models");
        return log;
    }

    /// <summary>The body without update and upload times (each server's clock), pretty much as sent otherwise.</summary>
    private static string WithoutTimes(string text)
    {
        if (text.Length == 0) return "";
        var node = JsonNode.Parse(text);
        Strip(node);
        return node!.ToJsonString();

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).Where(k => k.EndsWith("astUpdateTime", StringComparison.Ordinal) || k == "uploadTime").ToArray()) o.Remove(key);
                    foreach (var child in o.Select(p => p.Value).ToArray()) Strip(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Strip(child);
                    break;
            }
        }
    }

    private static async Task<Server> StartAsync(string db, Action<WebApplicationBuilder>? configure, bool dev = true)
    {
        var settings = new ServerSettings(db, Dev: dev, ["http://127.0.0.1:0"]);
        var builder = WebApplication.CreateBuilder();
        builder.AddTwinLabServer(settings);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseTwinLabPipeline();
        app.MapTwinLabApi();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        return new Server(app, address);
    }

    private sealed record Server(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
