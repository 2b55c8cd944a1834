using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary><c>?branch=</c> on every twin endpoint and <c>?asOf=</c> on every read, beyond <c>/digitaltwins/{id}</c>.</summary>
public sealed class BranchesEverywhereTests
{
    private const string Adjacent = """{"$relationshipName":"adjacent","$targetId":"b"}""";

    private static async Task<JsonElement> Ok(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static async Task<HttpClient> TwoRoomsAndBranch(ServerFactory factory)
    {
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/a"), Json(Room(1)));
        await client.PutAsync(Url("/digitaltwins/b"), Json(Room(2)));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""))).StatusCode);
        return client;
    }

    private static async Task NoContent(HttpResponseMessage r) =>
        Assert.True(r.StatusCode == HttpStatusCode.NoContent, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");

    private static long Sequence(ServerFactory factory) => factory.Services.GetRequiredService<TwinService>().LastSequence;

    [Fact]
    public async Task Relationships_OnBranch_StayOffMainUntilMerged()
    {
        using var factory = new ServerFactory();
        var client = await TwoRoomsAndBranch(factory);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/a/relationships/r1?branch=what-if"), Json(Adjacent))).StatusCode);

        await AssertError(await client.GetAsync(Url("/digitaltwins/a/relationships/r1")), HttpStatusCode.NotFound, "RelationshipNotFound");
        Assert.Equal("b", (await Ok(await client.GetAsync(Url("/digitaltwins/a/relationships/r1?branch=what-if")))).GetProperty("$targetId").GetString());
        Assert.Equal(0, (await Ok(await client.GetAsync(Url("/digitaltwins/a/relationships")))).GetProperty("value").GetArrayLength());
        Assert.Equal(1, (await Ok(await client.GetAsync(Url("/digitaltwins/a/relationships?branch=what-if")))).GetProperty("value").GetArrayLength());
        Assert.Equal(0, (await Ok(await client.GetAsync(Url("/digitaltwins/b/incomingrelationships")))).GetProperty("value").GetArrayLength());
        var incoming = (await Ok(await client.GetAsync(Url("/digitaltwins/b/incomingrelationships?branch=what-if")))).GetProperty("value");
        Assert.Equal("r1", Assert.Single(incoming.EnumerateArray()).GetProperty("$relationshipId").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(Url("/branches/what-if/merge"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/digitaltwins/a/relationships/r1"))).StatusCode);
    }

    [Fact]
    public async Task Relationships_PatchAndDeleteOnBranch_LeaveMainAlone()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/a"), Json(Room(1)));
        await client.PutAsync(Url("/digitaltwins/b"), Json(Room(2)));
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json(Adjacent))).StatusCode);
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/digitaltwins/a/relationships/r1?branch=what-if"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/digitaltwins/a/relationships/r1?branch=what-if")), HttpStatusCode.NotFound, "RelationshipNotFound");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/digitaltwins/a/relationships/r1"))).StatusCode);
        await AssertError(await client.PatchAsync(Url("/digitaltwins/a/relationships/r1?branch=what-if"), Patch("[]")),
            HttpStatusCode.NotFound, "RelationshipNotFound");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(Url("/digitaltwins/a/relationships/r1"), Patch("[]"))).StatusCode);
    }

    [Fact]
    public async Task Relationships_AsOf_ReadsTheEarlierStateAndWritesRefuseIt()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/a"), Json(Room(1)));
        await client.PutAsync(Url("/digitaltwins/b"), Json(Room(2)));
        var before = Sequence(factory);
        await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json(Adjacent));

        await AssertError(await client.GetAsync(Url($"/digitaltwins/a/relationships/r1?asOf={before}")), HttpStatusCode.NotFound, "RelationshipNotFound");
        Assert.Equal(0, (await Ok(await client.GetAsync(Url($"/digitaltwins/a/relationships?asOf={before}")))).GetProperty("value").GetArrayLength());
        Assert.Equal(0, (await Ok(await client.GetAsync(Url($"/digitaltwins/b/incomingrelationships?asOf={before}")))).GetProperty("value").GetArrayLength());
        Assert.Equal(1, (await Ok(await client.GetAsync(Url($"/digitaltwins/a/relationships?asOf={Sequence(factory)}")))).GetProperty("value").GetArrayLength());

        await AssertError(await client.PutAsync(Url($"/digitaltwins/a/relationships/r2?asOf={before}"), Json(Adjacent)), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PatchAsync(Url($"/digitaltwins/a/relationships/r1?asOf={before}"), Patch("[]")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.DeleteAsync(Url($"/digitaltwins/a/relationships/r1?asOf={before}")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/digitaltwins/a/relationships?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/a/incomingrelationships?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.PutAsync(Url("/digitaltwins/a/relationships/r2?branch=nope"), Json(Adjacent)), HttpStatusCode.NotFound, "BranchNotFound");
    }

    [Fact]
    public async Task Components_OnBranchAndAsOf()
    {
        using var factory = new ServerFactory();
        var client = await ComponentsApiTests.DeviceTwin(factory);
        var before = Sequence(factory);
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(Url("/digitaltwins/d1/components/thermostat?branch=what-if"),
            Patch("""[{"op":"replace","path":"/setPoint","value":25}]"""))).StatusCode);

        Assert.Equal(20, (await Ok(await client.GetAsync(Url("/digitaltwins/d1/components/thermostat")))).GetProperty("setPoint").GetDouble());
        Assert.Equal(25, (await Ok(await client.GetAsync(Url("/digitaltwins/d1/components/thermostat?branch=what-if")))).GetProperty("setPoint").GetDouble());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(Url("/digitaltwins/d1/components/thermostat"),
            Patch("""[{"op":"replace","path":"/setPoint","value":30}]"""))).StatusCode);
        Assert.Equal(20, (await Ok(await client.GetAsync(Url($"/digitaltwins/d1/components/thermostat?asOf={before}")))).GetProperty("setPoint").GetDouble());
        await AssertError(await client.PatchAsync(Url($"/digitaltwins/d1/components/thermostat?asOf={before}"), Patch("[]")),
            HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/digitaltwins/d1/components/thermostat?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
    }

    private static HttpRequestMessage Telemetry(string path, string messageId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = Json("""{"temp":21.5}""") };
        request.Headers.Add("Message-Id", messageId);
        return request;
    }

    [Fact]
    public async Task Telemetry_OnBranch_RecordedThereAndDeduplicatedPerBranch()
    {
        using var factory = new ServerFactory();
        var client = await ComponentsApiTests.DeviceTwin(factory);
        var service = factory.Services.GetRequiredService<TwinService>();
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));
        const string path = "/digitaltwins/d1/components/thermostat/telemetry";

        await NoContent(await client.SendAsync(Telemetry(path + "?branch=what-if", "m1")));
        await NoContent(await client.SendAsync(Telemetry(path + "?branch=what-if", "m1")));
        Assert.Empty(service.ReadTelemetry("d1", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Single(service.ReadTelemetry("d1", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "what-if"));

        // The same message id on main is another message: keys are per branch.
        await NoContent(await client.SendAsync(Telemetry(path, "m1")));
        Assert.Single(service.ReadTelemetry("d1", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

        await NoContent(await client.SendAsync(Telemetry(path + "?branch=what-if", "m2")));
        Assert.Equal(2, service.ReadTelemetry("d1", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "what-if").Count);
        await AssertError(await client.SendAsync(Telemetry(path + "?branch=nope", "m3")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.SendAsync(Telemetry(path + "?asOf=0", "m4")), HttpStatusCode.BadRequest, "InvalidArgument");
    }

    private static async Task<JsonElement> Query(HttpClient client, string query, string parameters = "", int? size = null)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["query"] = query }.ToJsonString();
        return await QueryBody(client, body, parameters, size);
    }

    private static async Task<JsonElement> QueryBody(HttpClient client, string body, string parameters = "", int? size = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/query" + parameters)) { Content = Json(body) };
        if (size is { } n) request.Headers.Add("max-items-per-page", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await Ok(await client.SendAsync(request));
    }

    private static string[] Ids(JsonElement page) =>
        [.. page.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("$dtId").GetString()!)];

    private static string Continue(JsonElement page) =>
        new System.Text.Json.Nodes.JsonObject { ["continuationToken"] = page.GetProperty("continuationToken").GetString() }.ToJsonString();

    [Fact]
    public async Task Query_OnBranchAndAsOf_ReadsThatState()
    {
        using var factory = new ServerFactory();
        var client = await TwoRoomsAndBranch(factory);
        var before = Sequence(factory);
        await client.PutAsync(Url("/digitaltwins/c?branch=what-if"), Json(Room(3)));
        await client.DeleteAsync(Url("/digitaltwins/a"));
        const string all = "SELECT * FROM DIGITALTWINS";

        Assert.Equal(["b"], Ids(await Query(client, all)).Order());
        Assert.Equal(["a", "b", "c"], Ids(await Query(client, all, "?branch=what-if")).Order());
        Assert.Equal(["a", "b"], Ids(await Query(client, all, $"?asOf={before}")).Order());
        Assert.Equal(["a", "b"], Ids(await Query(client, all, $"?branch=what-if&asOf={before}")).Order());
        var countOnBranch = await Query(client, "SELECT COUNT() FROM DIGITALTWINS", "?branch=what-if");
        Assert.Equal(3, countOnBranch.GetProperty("value")[0].GetProperty("COUNT").GetInt32());
        await AssertError(await client.PostAsync(Url("/query?branch=nope"), Json($$"""{"query":"{{all}}"}""")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.PostAsync(Url("/query?asOf=99999"), Json($$"""{"query":"{{all}}"}""")), HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task Query_ContinuationToken_RemembersBranchAndAsOf()
    {
        using var factory = new ServerFactory();
        var client = await TwoRoomsAndBranch(factory);
        for (var i = 0; i < 4; i++) await client.PutAsync(Url($"/digitaltwins/x{i}?branch=what-if"), Json(Room(i)));
        var atSix = Sequence(factory);
        await client.PutAsync(Url("/digitaltwins/x9?branch=what-if"), Json(Room(9)));

        // Pages of the branch as of atSix: a, b, x0..x3 (6 twins) even though the later requests name no branch.
        var ids = new List<string>();
        var page = await Query(client, "SELECT * FROM DIGITALTWINS", $"?branch=what-if&asOf={atSix}", size: 4);
        ids.AddRange(Ids(page));
        while (page.GetProperty("continuationToken").ValueKind == JsonValueKind.String)
        {
            page = await QueryBody(client, Continue(page), size: 4);
            ids.AddRange(Ids(page));
        }
        Assert.Equal(["a", "b", "x0", "x1", "x2", "x3"], ids.Order());

        var first = await Query(client, "SELECT * FROM DIGITALTWINS", "?branch=what-if", size: 1);
        await AssertError(await client.PostAsync(Url("/query?branch=main"), Json(Continue(first))), HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Single(Ids(await QueryBody(client, Continue(first), "?branch=what-if", size: 1)));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/branches/what-if"))).StatusCode);
        await AssertError(await client.PostAsync(Url("/query"), Json(Continue(first))), HttpStatusCode.NotFound, "BranchNotFound");
    }
}
