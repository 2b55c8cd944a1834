using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class BranchesApiTests
{
    private const string SetTo35 = """[{"op":"replace","path":"/temperature","value":35}]""";

    private static async Task<JsonElement> Body(HttpResponseMessage r, HttpStatusCode status)
    {
        Assert.Equal(status, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private static async Task<HttpClient> WithRoom(ServerFactory factory)
    {
        var client = await factory.WithRoomModel();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20)))).StatusCode);
        return client;
    }

    [Fact]
    public async Task Create_ThenList_ShowsMainFirstAndTheBranch()
    {
        using var factory = new ServerFactory();
        var client = await WithRoom(factory);
        var r = await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));
        var created = await Body(r, HttpStatusCode.Created);
        Assert.Equal("/branches/what-if", r.Headers.Location!.OriginalString);
        Assert.Equal("what-if", created.GetProperty("name").GetString());
        Assert.Equal("main", created.GetProperty("parent").GetString());
        var list = (await Body(await client.GetAsync(Url("/branches")), HttpStatusCode.OK)).GetProperty("value");
        Assert.Equal(["main", "what-if"], list.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("parent").ValueKind);
    }

    [Fact]
    public async Task Create_AtEarlierSequence_ForksThatState()
    {
        using var factory = new ServerFactory();
        var client = await WithRoom(factory);
        var at = factory.Services.GetRequiredService<TwinLab.Core.Application.TwinService>().LastSequence;
        await client.PatchAsync(Url("/digitaltwins/room1"), Patch(SetTo35));
        var created = await Body(await client.PostAsync(Url("/branches"), Json($$"""{"name":"past","from":"main","at":{{at}}}""")), HttpStatusCode.Created);
        Assert.Equal(at, created.GetProperty("forkSequence").GetInt64());
        var twin = await Body(await client.GetAsync(Url("/digitaltwins/room1?branch=past")), HttpStatusCode.OK);
        Assert.Equal(20, twin.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Create_Errors()
    {
        using var factory = new ServerFactory();
        var client = await WithRoom(factory);
        await client.PostAsync(Url("/branches"), Json("""{"name":"b1"}"""));
        await AssertError(await client.PostAsync(Url("/branches"), Json("""{"name":"b1"}""")), HttpStatusCode.Conflict, "BranchAlreadyExists");
        await AssertError(await client.PostAsync(Url("/branches"), Json("""{"name":"b2","from":"nope"}""")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.PostAsync(Url("/branches"), Json("""{"from":"main"}""")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PostAsync(Url("/branches"), Json("""{"name":"b3","at":99999}""")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PostAsync(Url("/branches"), Json("""{"name":"bad name!"}""")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync("/branches"), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
    }

    [Fact]
    public async Task Diff_ListsChangedTwinAndProperty()
    {
        using var factory = new ServerFactory();
        var client = await WithRoom(factory);
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));
        await client.PatchAsync(Url("/digitaltwins/room1?branch=what-if"), Patch(SetTo35));
        var diff = await Body(await client.GetAsync(Url("/branches/what-if/diff?against=main")), HttpStatusCode.OK);
        Assert.Equal("main", diff.GetProperty("parent").GetString());
        var twin = diff.GetProperty("twins").EnumerateArray().Single();
        Assert.Equal("room1", twin.GetProperty("twin").GetString());
        Assert.Equal("changed", twin.GetProperty("kind").GetString());
        var prop = twin.GetProperty("properties").EnumerateArray().Single();
        Assert.Equal(35, prop.GetProperty("branch").GetDouble());
        Assert.Equal(20, prop.GetProperty("parent").GetDouble());
        await AssertError(await client.GetAsync(Url("/branches/what-if/diff?against=other")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/branches/nope/diff")), HttpStatusCode.NotFound, "BranchNotFound");
    }

    [Fact]
    public async Task Merge_AppliesBranchChangesToMain()
    {
        using var factory = new ServerFactory();
        var client = await WithRoom(factory);
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));
        await client.PatchAsync(Url("/digitaltwins/room1?branch=what-if"), Patch(SetTo35));
        var merged = await Body(await client.PostAsync(Url("/branches/what-if/merge"), null), HttpStatusCode.OK);
        Assert.Equal(1, merged.GetProperty("twins").GetInt32());
        Assert.True(merged.GetProperty("applied").GetBoolean());
        var twin = await Body(await client.GetAsync(Url("/digitaltwins/room1")), HttpStatusCode.OK);
        Assert.Equal(35, twin.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Merge_Conflict_409WithTheListAndNothingApplied()
    {
        using var factory = new ServerFactory();
        var client = await WithRoom(factory);
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));
        await client.PatchAsync(Url("/digitaltwins/room1?branch=what-if"), Patch(SetTo35));
        await client.PatchAsync(Url("/digitaltwins/room1"), Patch("""[{"op":"replace","path":"/temperature","value":25}]"""));
        var r = await client.PostAsync(Url("/branches/what-if/merge"), null);
        await AssertError(r, HttpStatusCode.Conflict, "MergeConflict");
        var error = (await Body(r, HttpStatusCode.Conflict)).GetProperty("error");
        var conflict = error.GetProperty("conflicts").EnumerateArray().Single();
        Assert.Equal("room1", conflict.GetProperty("entity").GetString());
        Assert.Contains("temperature", conflict.GetProperty("path").GetString());
        var twin = await Body(await client.GetAsync(Url("/digitaltwins/room1")), HttpStatusCode.OK);
        Assert.Equal(25, twin.GetProperty("temperature").GetDouble());
        await AssertError(await client.PostAsync(Url("/branches/nope/merge"), null), HttpStatusCode.NotFound, "BranchNotFound");
    }

    [Fact]
    public async Task Discard_RemovesBranch_MainCannotBeDiscarded()
    {
        using var factory = new ServerFactory();
        var client = await WithRoom(factory);
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/branches/what-if"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/digitaltwins/room1?branch=what-if")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.DeleteAsync(Url("/branches/what-if")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.DeleteAsync(Url("/branches/main")), HttpStatusCode.BadRequest, "InvalidArgument");
        var list = (await Body(await client.GetAsync(Url("/branches")), HttpStatusCode.OK)).GetProperty("value");
        Assert.Equal(["main"], list.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
    }
}
