using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class DigitalTwinsApiTests
{
    [Fact]
    public async Task PutTwin_New_ReturnsTwinWithWeakETag()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var r = await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(21.5)));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var etag = r.Headers.ETag!;
        Assert.True(etag.IsWeak);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("room1", doc.RootElement.GetProperty("$dtId").GetString());
        Assert.Equal(etag.ToString(), doc.RootElement.GetProperty("$etag").GetString());
        Assert.Equal(21.5, doc.RootElement.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task GetTwin_Existing_ReturnsBodyAndETag()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var put = await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        var r = await client.GetAsync(Url("/digitaltwins/room1"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(put.Headers.ETag, r.Headers.ETag);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("dtmi:test:Room;1", doc.RootElement.GetProperty("$metadata").GetProperty("$model").GetString());
    }

    [Fact]
    public async Task GetTwin_Unknown_NotFound()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.GetAsync(Url("/digitaltwins/nope")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task PutTwin_IfNoneMatchStarOnExisting_PreconditionFailed()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        var request = new HttpRequestMessage(HttpMethod.Put, Url("/digitaltwins/room1")) { Content = Json(Room(30)) };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        await AssertError(await client.SendAsync(request), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task PutTwin_IfNoneMatchStarOnNew_Created()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var request = new HttpRequestMessage(HttpMethod.Put, Url("/digitaltwins/room1")) { Content = Json(Room(30)) };
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task PutTwin_InvalidBodies_BadRequest()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await AssertError(await client.PutAsync(Url("/digitaltwins/room1"), Json("{not json")), HttpStatusCode.BadRequest, "InvalidArgument");
        var wrongType = await client.PutAsync(Url("/digitaltwins/room1"), Json("""{"$metadata":{"$model":"dtmi:test:Room;1"},"temperature":"hot"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.True(wrongType.Headers.Contains("x-ms-error-code"));
    }

    [Fact]
    public async Task PatchTwin_MatchingIfMatch_NoContentWithNewETag()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var put = await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        var request = new HttpRequestMessage(HttpMethod.Patch, Url("/digitaltwins/room1"))
        {
            Content = Patch("""[{"op":"replace","path":"/temperature","value":25}]"""),
        };
        request.Headers.IfMatch.Add(put.Headers.ETag!);
        var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.NotEqual(put.Headers.ETag, r.Headers.ETag);
        using var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/digitaltwins/room1")));
        Assert.Equal(25, doc.RootElement.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task PatchTwin_StaleIfMatch_PreconditionFailed()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var first = await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(21)));
        var request = new HttpRequestMessage(HttpMethod.Patch, Url("/digitaltwins/room1"))
        {
            Content = Patch("""[{"op":"replace","path":"/temperature","value":25}]"""),
        };
        request.Headers.IfMatch.Add(first.Headers.ETag!);
        await AssertError(await client.SendAsync(request), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }

    [Fact]
    public async Task PatchTwin_WrongContentTypeOrUnknownTwin_Errors()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        var text = new HttpRequestMessage(HttpMethod.Patch, Url("/digitaltwins/room1")) { Content = new StringContent("[]") };
        await AssertError(await client.SendAsync(text), HttpStatusCode.BadRequest, "InvalidArgument");
        var missing = new HttpRequestMessage(HttpMethod.Patch, Url("/digitaltwins/nope")) { Content = Patch("""[{"op":"add","path":"/temperature","value":1}]""") };
        await AssertError(await client.SendAsync(missing), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task DeleteTwin_WithIfMatch_DeletesOrRefuses()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var put = await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        var stale = new HttpRequestMessage(HttpMethod.Delete, Url("/digitaltwins/room1"));
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"999\"", isWeak: true));
        await AssertError(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        var ok = new HttpRequestMessage(HttpMethod.Delete, Url("/digitaltwins/room1"));
        ok.Headers.IfMatch.Add(put.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(ok)).StatusCode);
        await AssertError(await client.GetAsync(Url("/digitaltwins/room1")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        await AssertError(await client.DeleteAsync(Url("/digitaltwins/room1")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task DeleteTwin_WithRelationships_Conflict()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/a"), Json(Room(1)));
        await client.PutAsync(Url("/digitaltwins/b"), Json(Room(2)));
        await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json("""{"$relationshipName":"adjacent","$targetId":"b"}"""));
        await AssertError(await client.DeleteAsync(Url("/digitaltwins/b")), HttpStatusCode.BadRequest, "RelationshipsNotDeleted");
    }

    [Fact]
    public async Task Writes_SurviveRestart_OnSameDatabase()
    {
        var dir = Directory.CreateTempSubdirectory("twinlab-server-").FullName;
        var db = Path.Combine(dir, "twinlab.db");
        try
        {
            using (var first = new DbFactory(db))
            {
                var client = await first.WithModel();
                await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
            }
            using var second = new DbFactory(db);
            Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync(Url("/digitaltwins/room1"))).StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long LastSequence(ServerFactory factory) =>
        factory.Services.GetRequiredService<TwinLab.Core.Application.TwinService>().LastSequence;

    private static async Task<double> Temperature(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("temperature").GetDouble();
    }

    [Fact]
    public async Task GetTwin_AsOfSequence_ReturnsEarlierState()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        var before = LastSequence(factory);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(Url("/digitaltwins/room1"), Patch("""[{"op":"replace","path":"/temperature","value":30}]"""))).StatusCode);
        Assert.Equal(20, await Temperature(await client.GetAsync(Url($"/digitaltwins/room1?asOf={before}"))));
        Assert.Equal(30, await Temperature(await client.GetAsync(Url($"/digitaltwins/room1?asOf={LastSequence(factory)}"))));
        Assert.Equal(30, await Temperature(await client.GetAsync(Url("/digitaltwins/room1"))));
    }

    [Fact]
    public async Task GetTwin_AsOfTime_BeforeAndAfterTheWrites()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        await AssertError(await client.GetAsync(Url("/digitaltwins/room1?asOf=2000-01-01T00:00:00Z")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        Assert.Equal(20, await Temperature(await client.GetAsync(Url("/digitaltwins/room1?asOf=2999-01-01T00:00:00Z"))));
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("-1")]
    [InlineData("yesterday")]
    public async Task GetTwin_BadAsOf_InvalidArgument(string asOf)
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        await AssertError(await client.GetAsync(Url($"/digitaltwins/room1?asOf={asOf}")), HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task Writes_WithAsOf_AreRefusedAndChangeNothing()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        await AssertError(await client.PutAsync(Url("/digitaltwins/room1?asOf=1"), Json(Room(25))), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PatchAsync(Url("/digitaltwins/room1?asOf=1"), Patch("""[{"op":"replace","path":"/temperature","value":30}]""")),
            HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.DeleteAsync(Url("/digitaltwins/room1?asOf=1")), HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Equal(20, await Temperature(await client.GetAsync(Url("/digitaltwins/room1"))));
    }

    [Fact]
    public async Task Twin_OnBranch_IsSeparateFromMain()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await client.PatchAsync(Url("/digitaltwins/room1?branch=what-if"), Patch("""[{"op":"replace","path":"/temperature","value":35}]"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/room2?branch=what-if"), Json(Room(18)))).StatusCode);
        Assert.Equal(35, await Temperature(await client.GetAsync(Url("/digitaltwins/room1?branch=what-if"))));
        Assert.Equal(20, await Temperature(await client.GetAsync(Url("/digitaltwins/room1"))));
        await AssertError(await client.GetAsync(Url("/digitaltwins/room2")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/digitaltwins/room2?branch=what-if"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/digitaltwins/room2?branch=what-if")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task Twin_UnknownBranch_BranchNotFoundForEveryVerb()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)));
        await AssertError(await client.GetAsync(Url("/digitaltwins/room1?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.PutAsync(Url("/digitaltwins/room1?branch=nope"), Json(Room(25))), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.PatchAsync(Url("/digitaltwins/room1?branch=nope"), Patch("""[{"op":"replace","path":"/temperature","value":30}]""")),
            HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.DeleteAsync(Url("/digitaltwins/room1?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        Assert.Equal(20, await Temperature(await client.GetAsync(Url("/digitaltwins/room1"))));
    }

    private sealed class DbFactory(string db) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ServerSettings>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("TwinLab:Db", db);
            builder.UseSetting("TwinLab:Dev", "true");
        }

        public async Task<HttpClient> WithModel()
        {
            var client = CreateClient();
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{RoomModel}]"))).StatusCode);
            return client;
        }
    }
}
