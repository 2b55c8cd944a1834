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

    private const string Floor = """
        {"@id":"dtmi:test:Floor;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Relationship","name":"rooms","target":"dtmi:test:Room;1"}]}
        """;

    private const string Lonely = """{"@id":"dtmi:test:Lonely;1","@type":"Interface","@context":"dtmi:dtdl:context;3"}""";

    [Fact]
    public async Task ListModels_PagedByMaxItemCount_FollowsNextLinkToTheEnd()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{RoomModel},{Floor},{Lonely}]"))).StatusCode);
        var ids = new List<string>();
        string? next = Url("/models");
        var pages = 0;
        while (next is not null)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, next);
            req.Headers.Add("x-ms-max-item-count", "2");
            var r = await client.SendAsync(req);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            var value = doc.RootElement.GetProperty("value");
            Assert.True(value.GetArrayLength() <= 2);
            ids.AddRange(value.EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            Assert.False(value[0].TryGetProperty("model", out _));
            next = doc.RootElement.GetProperty("nextLink").GetString();
            pages++;
        }
        Assert.Equal(2, pages);
        Assert.Equal(["dtmi:test:Floor;1", "dtmi:test:Lonely;1", "dtmi:test:Room;1"], ids);
    }

    [Fact]
    public async Task ListModels_DependenciesFor_ReturnsModelAndWhatItUses()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{RoomModel},{Floor},{Lonely}]"))).StatusCode);
        using var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/models?dependenciesFor=dtmi:test:Floor;1&includeModelDefinition=true")));
        var value = doc.RootElement.GetProperty("value");
        Assert.Equal(["dtmi:test:Floor;1", "dtmi:test:Room;1"], value.EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        Assert.Equal("Interface", value[0].GetProperty("model").GetProperty("@type").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("nextLink").ValueKind);
        await AssertError(await client.GetAsync(Url("/models?dependenciesFor=dtmi:test:Nope;1")), HttpStatusCode.NotFound, "ModelNotFound");
    }

    [Fact]
    public async Task ListModels_BadPageSizeOrToken_BadRequest()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        using var req = new HttpRequestMessage(HttpMethod.Get, Url("/models"));
        req.Headers.Add("x-ms-max-item-count", "zero");
        await AssertError(await client.SendAsync(req), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/models?continuationToken=%25%25")), HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task DeleteModel_Unused_NoContentThenNotFound()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/models/dtmi:test:Room;1"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/models/dtmi:test:Room;1")), HttpStatusCode.NotFound, "ModelNotFound");
        await AssertError(await client.DeleteAsync(Url("/models/dtmi:test:Room;1")), HttpStatusCode.NotFound, "ModelNotFound");
    }

    [Fact]
    public async Task DeleteModel_UsedByTwinOrModel_Conflict()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{RoomModel},{Floor}]"))).StatusCode);
        await AssertError(await client.DeleteAsync(Url("/models/dtmi:test:Room;1")), HttpStatusCode.Conflict, "ModelReferencesNotDeleted");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/models/dtmi:test:Floor;1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/r1"), Json(Room(20)))).StatusCode);
        await AssertError(await client.DeleteAsync(Url("/models/dtmi:test:Room;1")), HttpStatusCode.Conflict, "ModelReferencesNotDeleted");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/digitaltwins/r1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/models/dtmi:test:Room;1"))).StatusCode);
    }
}
