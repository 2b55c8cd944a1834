using System.Net;
using System.Text.Json;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class ModelsApiTests
{
    [Fact]
    public async Task AddModels_NewModel_CreatedAndReadable()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var r = await client.GetAsync(Url("/models/dtmi:test:Room;1?includeModelDefinition=true"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("dtmi:test:Room;1", doc.RootElement.GetProperty("id").GetString());
        Assert.Equal("Room", doc.RootElement.GetProperty("displayName").GetProperty("en").GetString());
        Assert.False(doc.RootElement.GetProperty("decommissioned").GetBoolean());
        Assert.Equal("Interface", doc.RootElement.GetProperty("model").GetProperty("@type").GetString());
    }

    [Fact]
    public async Task GetModel_WithoutIncludeDefinition_OmitsModel()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        using var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/models/dtmi:test:Room;1")));
        Assert.False(doc.RootElement.TryGetProperty("model", out _));
    }

    [Fact]
    public async Task AddModels_Existing_Conflict409AndNothingImported()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        const string other = """{"@id":"dtmi:test:Floor;1","@type":"Interface","@context":"dtmi:dtdl:context;3"}""";
        var r = await client.PostAsync(Url("/models"), Json($"[{other},{RoomModel}]"));
        await AssertError(r, HttpStatusCode.Conflict, "ModelAlreadyExists");
        await AssertError(await client.GetAsync(Url("/models/dtmi:test:Floor;1")), HttpStatusCode.NotFound, "ModelNotFound");
    }

    [Fact]
    public async Task AddModels_InvalidBatch_NothingImported()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        const string good = """{"@id":"dtmi:test:Floor;1","@type":"Interface","@context":"dtmi:dtdl:context;3"}""";
        const string bad = """{"@id":"dtmi:test:Bad;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[{"@type":"Property","name":"x","schema":"nope"}]}""";
        var r = await client.PostAsync(Url("/models"), Json($"[{good},{bad}]"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        await AssertError(await client.GetAsync(Url("/models/dtmi:test:Floor;1")), HttpStatusCode.NotFound, "ModelNotFound");
    }

    [Fact]
    public async Task AddModels_NotAnArray_BadRequest()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.PostAsync(Url("/models"), Json(RoomModel)), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PostAsync(Url("/models"), Json("[{")), HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task GetModel_Unknown_NotFound()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.GetAsync(Url("/models/dtmi:test:Nope;1")), HttpStatusCode.NotFound, "ModelNotFound");
    }
}
