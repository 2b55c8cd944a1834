using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class ModelsDecommissionTests
{
    private const string RoomId = "dtmi:test:Room;1";
    private static readonly string ModelUrl = Url("/models/" + Uri.EscapeDataString(RoomId));
    private const string Decommission = """[{"op":"replace","path":"/decommissioned","value":true}]""";

    private static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task PatchModel_Decommission_FlagsItAndRefusesNewTwinsButKeepsOldOnes()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/old"), Adt.Json(Room(1)))).StatusCode);
        Assert.False((await Json(await client.GetAsync(ModelUrl))).GetProperty("decommissioned").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(ModelUrl, Patch(Decommission))).StatusCode);

        Assert.True((await Json(await client.GetAsync(ModelUrl))).GetProperty("decommissioned").GetBoolean());
        await AssertError(await client.PutAsync(Url("/digitaltwins/new"), Adt.Json(Room(2))), HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(HttpStatusCode.NoContent,
            (await client.PatchAsync(Url("/digitaltwins/old"), Patch("""[{"op":"replace","path":"/temperature","value":5}]"""))).StatusCode);
    }

    [Fact]
    public async Task PatchModel_Twice_SecondChangesNothing()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var service = factory.Services.GetRequiredService<TwinService>();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(ModelUrl, Patch(Decommission))).StatusCode);
        var after = service.LastSequence;
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(ModelUrl, Patch(Decommission))).StatusCode);
        Assert.Equal(after, service.LastSequence);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/displayName","value":"x"}]""")]
    [InlineData("""[{"op":"add","path":"/decommissioned","value":true}]""")]
    [InlineData("""[{"op":"remove","path":"/decommissioned"}]""")]
    [InlineData("""[{"op":"replace","path":"/decommissioned","value":false}]""")]
    [InlineData("""[{"op":"replace","path":"/decommissioned","value":"true"}]""")]
    [InlineData("""[{"op":"replace","path":"/decommissioned","value":true},{"op":"replace","path":"/id","value":"x"}]""")]
    [InlineData("""{"op":"replace","path":"/decommissioned","value":true}""")]
    [InlineData("""[]""")]
    [InlineData("""[1]""")]
    public async Task PatchModel_AnythingButDecommissioning_JsonPatchInvalidAndUnchanged(string patch)
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await AssertError(await client.PatchAsync(ModelUrl, Patch(patch)), HttpStatusCode.BadRequest, "JsonPatchInvalid");
        Assert.False((await Json(await client.GetAsync(ModelUrl))).GetProperty("decommissioned").GetBoolean());
    }

    [Fact]
    public async Task PatchModel_UnknownModelBadJsonOrContentType_Errors()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await AssertError(await client.PatchAsync(Url("/models/dtmi:test:Nope;1"), Patch(Decommission)), HttpStatusCode.NotFound, "ModelNotFound");
        await AssertError(await client.PatchAsync(ModelUrl, Patch("[{")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PatchAsync(ModelUrl, new StringContent(Decommission, System.Text.Encoding.UTF8, "text/plain")),
            HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PatchAsync(Url("/models/" + Uri.EscapeDataString(RoomId) + "?asOf=0"), Patch(Decommission)),
            HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task Models_OnBranchAndAsOf_SeeTheirOwnState()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var service = factory.Services.GetRequiredService<TwinService>();
        var empty = service.LastSequence;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/branches"), Adt.Json("""{"name":"b"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models?branch=b"), Adt.Json($"[{RoomModel}]"))).StatusCode);

        await AssertError(await client.GetAsync(ModelUrl), HttpStatusCode.NotFound, "ModelNotFound");
        Assert.Equal(RoomId, (await Json(await client.GetAsync(ModelUrl + "&branch=b"))).GetProperty("id").GetString());
        Assert.Equal(0, (await Json(await client.GetAsync(Url("/models")))).GetProperty("value").GetArrayLength());
        Assert.Equal(1, (await Json(await client.GetAsync(Url("/models?branch=b")))).GetProperty("value").GetArrayLength());
        Assert.Equal(0, (await Json(await client.GetAsync(Url($"/models?branch=b&asOf={empty}")))).GetProperty("value").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsync(ModelUrl + "&branch=b", Patch(Decommission))).StatusCode);
        Assert.True((await Json(await client.GetAsync(ModelUrl + "&branch=b"))).GetProperty("decommissioned").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(ModelUrl + "&branch=b")).StatusCode);
        await AssertError(await client.GetAsync(ModelUrl + "&branch=b"), HttpStatusCode.NotFound, "ModelNotFound");
        await AssertError(await client.GetAsync(Url("/models?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
    }

    [Fact]
    public async Task ListModels_WithoutPageSize_PagesByOneHundredAsAdt()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var models = Enumerable.Range(0, 101).Select(i =>
            $$"""{"@id":"dtmi:test:M{{i:D3}};1","@type":"Interface","@context":"dtmi:dtdl:context;3"}""");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Adt.Json($"[{string.Join(",", models)}]"))).StatusCode);
        var first = await Json(await client.GetAsync(Url("/models")));
        Assert.Equal(100, first.GetProperty("value").GetArrayLength());
        var second = await Json(await client.GetAsync(first.GetProperty("nextLink").GetString()!));
        Assert.Equal("dtmi:test:M100;1", Assert.Single(second.GetProperty("value").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextLink").ValueKind);
    }
}
