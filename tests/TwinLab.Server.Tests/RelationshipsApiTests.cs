using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class RelationshipsApiTests
{
    private static async Task<HttpClient> TwoRooms(ServerFactory factory)
    {
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/a"), Json(Room(1)));
        await client.PutAsync(Url("/digitaltwins/b"), Json(Room(2)));
        return client;
    }

    private const string Adjacent = """{"$relationshipName":"adjacent","$targetId":"b"}""";

    [Fact]
    public async Task PutRelationship_New_ReturnsItWithETag()
    {
        using var factory = new ServerFactory();
        var client = await TwoRooms(factory);
        var r = await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json(Adjacent));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(r.Headers.ETag!.IsWeak);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("r1", doc.RootElement.GetProperty("$relationshipId").GetString());
        Assert.Equal("a", doc.RootElement.GetProperty("$sourceId").GetString());
        Assert.Equal("b", doc.RootElement.GetProperty("$targetId").GetString());
    }

    [Fact]
    public async Task GetRelationship_ExistingAndMissing()
    {
        using var factory = new ServerFactory();
        var client = await TwoRooms(factory);
        var put = await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json(Adjacent));
        var r = await client.GetAsync(Url("/digitaltwins/a/relationships/r1"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(put.Headers.ETag, r.Headers.ETag);
        await AssertError(await client.GetAsync(Url("/digitaltwins/a/relationships/nope")), HttpStatusCode.NotFound, "RelationshipNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/zz/relationships/r1")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task PutRelationship_IfNoneMatchOnExisting_PreconditionFailed()
    {
        using var factory = new ServerFactory();
        var client = await TwoRooms(factory);
        await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json(Adjacent));
        var request = new HttpRequestMessage(HttpMethod.Put, Url("/digitaltwins/a/relationships/r1")) { Content = Json(Adjacent) };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        await AssertError(await client.SendAsync(request), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task PutRelationship_UnknownNameOrTarget_Errors()
    {
        using var factory = new ServerFactory();
        var client = await TwoRooms(factory);
        var badName = await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json("""{"$relationshipName":"feeds","$targetId":"b"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var badTarget = await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json("""{"$relationshipName":"adjacent","$targetId":"zz"}"""));
        Assert.True(badTarget.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, badTarget.StatusCode.ToString());
        Assert.True(badTarget.Headers.Contains("x-ms-error-code"));
    }

    [Fact]
    public async Task ListRelationships_FiltersByRelationshipName()
    {
        using var factory = new ServerFactory();
        var client = await TwoRooms(factory);
        await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json(Adjacent));
        await client.PutAsync(Url("/digitaltwins/a/relationships/r2"), Json("""{"$relationshipName":"adjacent","$targetId":"a"}"""));
        using var all = JsonDocument.Parse(await client.GetStringAsync(Url("/digitaltwins/a/relationships")));
        Assert.Equal(2, all.RootElement.GetProperty("value").GetArrayLength());
        using var named = JsonDocument.Parse(await client.GetStringAsync(Url("/digitaltwins/a/relationships?relationshipName=adjacent")));
        Assert.Equal(2, named.RootElement.GetProperty("value").GetArrayLength());
        using var none = JsonDocument.Parse(await client.GetStringAsync(Url("/digitaltwins/a/relationships?relationshipName=other")));
        Assert.Equal(0, none.RootElement.GetProperty("value").GetArrayLength());
        await AssertError(await client.GetAsync(Url("/digitaltwins/zz/relationships")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task DeleteRelationship_IfMatchAndMissing()
    {
        using var factory = new ServerFactory();
        var client = await TwoRooms(factory);
        var put = await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json(Adjacent));
        var stale = new HttpRequestMessage(HttpMethod.Delete, Url("/digitaltwins/a/relationships/r1"));
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"999\"", isWeak: true));
        await AssertError(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        var ok = new HttpRequestMessage(HttpMethod.Delete, Url("/digitaltwins/a/relationships/r1"));
        ok.Headers.IfMatch.Add(put.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(ok)).StatusCode);
        await AssertError(await client.DeleteAsync(Url("/digitaltwins/a/relationships/r1")), HttpStatusCode.NotFound, "RelationshipNotFound");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/digitaltwins/b"))).StatusCode);
    }

    private const string Pipe = """
        {"@id":"dtmi:test:Pipe;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Relationship","name":"feeds","target":"dtmi:test:Pipe;1",
                      "properties":[{"@type":"Property","name":"flow","schema":"double","writable":true}]}]}
        """;

    private static async Task<HttpClient> FedPipes(ServerFactory factory)
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{Pipe}]"))).StatusCode);
        foreach (var id in new[] { "p1", "p2" })
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url($"/digitaltwins/{id}"), Json("""{"$metadata":{"$model":"dtmi:test:Pipe;1"}}"""))).StatusCode);
        var r = await client.PutAsync(Url("/digitaltwins/p1/relationships/f1"), Json("""{"$relationshipName":"feeds","$targetId":"p2","flow":1.5}"""));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return client;
    }

    [Fact]
    public async Task PatchRelationship_ReplacesPropertyAndChangesETag()
    {
        using var factory = new ServerFactory();
        var client = await FedPipes(factory);
        var before = (await client.GetAsync(Url("/digitaltwins/p1/relationships/f1"))).Headers.ETag;
        var r = await client.PatchAsync(Url("/digitaltwins/p1/relationships/f1"), Patch("""[{"op":"replace","path":"/flow","value":2.5}]"""));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.NotEqual(before, r.Headers.ETag);
        var get = await client.GetAsync(Url("/digitaltwins/p1/relationships/f1"));
        Assert.Equal(r.Headers.ETag, get.Headers.ETag);
        using var doc = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal(2.5, doc.RootElement.GetProperty("flow").GetDouble());
    }

    [Fact]
    public async Task PatchRelationship_IfMatch_StaleIsPreconditionFailedCurrentSucceeds()
    {
        using var factory = new ServerFactory();
        var client = await FedPipes(factory);
        var current = (await client.GetAsync(Url("/digitaltwins/p1/relationships/f1"))).Headers.ETag!;
        var stale = new HttpRequestMessage(HttpMethod.Patch, Url("/digitaltwins/p1/relationships/f1")) { Content = Patch("""[{"op":"replace","path":"/flow","value":3}]""") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"nope\"", isWeak: true));
        await AssertError(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        var ok = new HttpRequestMessage(HttpMethod.Patch, Url("/digitaltwins/p1/relationships/f1")) { Content = Patch("""[{"op":"replace","path":"/flow","value":3}]""") };
        ok.Headers.IfMatch.Add(current);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(ok)).StatusCode);
    }

    [Fact]
    public async Task PatchRelationship_Errors()
    {
        using var factory = new ServerFactory();
        var client = await FedPipes(factory);
        await AssertError(await client.PatchAsync(Url("/digitaltwins/p1/relationships/nope"), Patch("""[{"op":"replace","path":"/flow","value":3}]""")),
            HttpStatusCode.NotFound, "RelationshipNotFound");
        await AssertError(await client.PatchAsync(Url("/digitaltwins/zz/relationships/f1"), Patch("""[{"op":"replace","path":"/flow","value":3}]""")),
            HttpStatusCode.NotFound, "DigitalTwinNotFound");
        var bad = await client.PatchAsync(Url("/digitaltwins/p1/relationships/f1"), Patch("""[{"op":"replace","path":"/flow","value":"fast"}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var unknown = await client.PatchAsync(Url("/digitaltwins/p1/relationships/f1"), Patch("""[{"op":"add","path":"/nope","value":1}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        await AssertError(await client.PatchAsync(Url("/digitaltwins/p1/relationships/f1"), new StringContent("[]", System.Text.Encoding.UTF8, "text/plain")),
            HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task ListIncomingRelationships_ShowsSourcesAndLinks()
    {
        using var factory = new ServerFactory();
        var client = await FedPipes(factory);
        using var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/digitaltwins/p2/incomingrelationships")));
        var item = Assert.Single(doc.RootElement.GetProperty("value").EnumerateArray());
        Assert.Equal("f1", item.GetProperty("$relationshipId").GetString());
        Assert.Equal("p1", item.GetProperty("$sourceId").GetString());
        Assert.Equal("feeds", item.GetProperty("$relationshipName").GetString());
        Assert.Equal("/digitaltwins/p1/relationships/f1", item.GetProperty("$relationshipLink").GetString());
        using var none = JsonDocument.Parse(await client.GetStringAsync(Url("/digitaltwins/p1/incomingrelationships")));
        Assert.Equal(0, none.RootElement.GetProperty("value").GetArrayLength());
        await AssertError(await client.GetAsync(Url("/digitaltwins/zz/incomingrelationships")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }
}
