using System.Net;
using System.Text.Json;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class QueryApiTests
{
    [Fact]
    public async Task Query_ByProperty_ReturnsMatchingTwins()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/cold"), Json(Room(10)));
        await client.PutAsync(Url("/digitaltwins/hot"), Json(Room(30)));
        var r = await client.PostAsync(Url("/query"), Json("""{"query":"SELECT * FROM DIGITALTWINS T WHERE T.temperature > 20"}"""));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var value = doc.RootElement.GetProperty("value");
        Assert.Equal(1, value.GetArrayLength());
        Assert.Equal("hot", value[0].GetProperty("$dtId").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public async Task Query_SyntaxErrorOrMissingQuery_BadRequest()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.PostAsync(Url("/query"), Json("""{"query":"SELEKT nonsense"}""")), HttpStatusCode.BadRequest, "BadRequest");
        await AssertError(await client.PostAsync(Url("/query"), Json("""{"q":1}""")), HttpStatusCode.BadRequest, "InvalidArgument");
    }
}
