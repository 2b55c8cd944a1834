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

    private static async Task<JsonDocument> Page(HttpClient client, string body, int? size = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/query")) { Content = Json(body) };
        if (size is { } n) request.Headers.Add("max-items-per-page", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(double.Parse(r.Headers.GetValues("query-charge").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync());
    }

    private static string TokenBody(JsonDocument page) =>
        new System.Text.Json.Nodes.JsonObject { ["continuationToken"] = page.RootElement.GetProperty("continuationToken").GetString() }.ToJsonString();

    [Fact]
    public async Task Query_Paged_ContinuationTokenWalksAllItemsOfOneState()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        for (var i = 0; i < 5; i++) await client.PutAsync(Url($"/digitaltwins/t{i}"), Json(Room(i)));
        var ids = new List<string>();
        using var first = await Page(client, """{"query":"SELECT * FROM DIGITALTWINS"}""", size: 2);
        ids.AddRange(first.RootElement.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("$dtId").GetString()!));
        Assert.Equal(2, ids.Count);
        // A write after the first page does not shift the later pages: they read the state the query started on.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/t9"), Json(Room(9)))).StatusCode);
        var body = TokenBody(first);
        var pages = 1;
        while (true)
        {
            using var page = await Page(client, body, size: 2);
            pages++;
            ids.AddRange(page.RootElement.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("$dtId").GetString()!));
            if (page.RootElement.GetProperty("continuationToken").ValueKind == JsonValueKind.Null) break;
            body = TokenBody(page);
        }
        Assert.Equal(3, pages);
        Assert.Equal(["t0", "t1", "t2", "t3", "t4"], ids.Order(StringComparer.Ordinal));
        using var fresh = await Page(client, """{"query":"SELECT * FROM DIGITALTWINS"}""");
        Assert.Equal(6, fresh.RootElement.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Query_MoreThanAThousand_PagedAtAThousand()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        var service = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TwinLab.Core.Application.TwinService>(factory.Services);
        service.Write(g =>
        {
            for (var i = 0; i < 1001; i++)
                g.CreateOrReplaceTwin($"t{i:D4}", JsonDocument.Parse(Room(i)).RootElement);
        });
        using var first = await Page(client, """{"query":"SELECT * FROM DIGITALTWINS"}""", size: 5000);
        Assert.Equal(1000, first.RootElement.GetProperty("value").GetArrayLength());
        using var second = await Page(client, TokenBody(first));
        Assert.Equal(1, second.RootElement.GetProperty("value").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("continuationToken").ValueKind);
    }

    [Fact]
    public async Task Query_BadTokenOrPageSize_BadRequest()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.PostAsync(Url("/query"), Json("""{"continuationToken":"%%"}""")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PostAsync(Url("/query"), Json("""{"continuationToken":"bm90IGpzb24"}""")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PostAsync(Url("/query"), Json("""{"continuationToken":"e30"}""")), HttpStatusCode.BadRequest, "InvalidArgument");
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/query")) { Content = Json("""{"query":"SELECT * FROM DIGITALTWINS"}""") };
        request.Headers.Add("max-items-per-page", "-1");
        await AssertError(await client.SendAsync(request), HttpStatusCode.BadRequest, "InvalidArgument");
    }
}
