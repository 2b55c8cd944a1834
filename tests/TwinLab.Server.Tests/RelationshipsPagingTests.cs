using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class RelationshipsPagingTests
{
    /// <summary>Twin <c>hub</c> with <paramref name="count"/> relationships to (and from) twins <c>s0..</c>, written in one go.</summary>
    private static async Task<HttpClient> Star(ServerFactory factory, int count)
    {
        var client = await factory.WithRoomModel();
        var service = factory.Services.GetRequiredService<TwinService>();
        service.Write(g =>
        {
            g.CreateOrReplaceTwin("hub", JsonDocument.Parse(Room(0)).RootElement);
            for (var i = 0; i < count; i++)
            {
                g.CreateOrReplaceTwin($"s{i:D4}", JsonDocument.Parse(Room(i)).RootElement);
                g.CreateOrReplaceRelationship("hub", $"out{i:D4}", JsonDocument.Parse($$"""{"$relationshipName":"adjacent","$targetId":"s{{i:D4}}"}""").RootElement);
                g.CreateOrReplaceRelationship($"s{i:D4}", "back", JsonDocument.Parse("""{"$relationshipName":"adjacent","$targetId":"hub"}""").RootElement);
            }
        });
        return client;
    }

    private static async Task<(List<string> Ids, int Pages)> Walk(HttpClient client, string path, string idProperty, int? size)
    {
        var ids = new List<string>();
        var pages = 0;
        for (string? next = Url(path); next is not null; pages++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            if (size is { } n) request.Headers.Add("x-ms-max-item-count", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var r = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            var value = doc.RootElement.GetProperty("value");
            Assert.True(size is null || value.GetArrayLength() <= size);
            ids.AddRange(value.EnumerateArray().Select(v => v.GetProperty(idProperty).GetString()!));
            next = doc.RootElement.GetProperty("nextLink").GetString();
        }
        return (ids, pages);
    }

    [Fact]
    public async Task ListRelationships_MaxItemCount_PagesThroughEveryRelationshipOnce()
    {
        using var factory = new ServerFactory();
        var client = await Star(factory, 5);
        var (ids, pages) = await Walk(client, "/digitaltwins/hub/relationships", "$relationshipId", size: 2);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"out{i:D4}"), ids);
        var (named, _) = await Walk(client, "/digitaltwins/hub/relationships?relationshipName=adjacent", "$relationshipId", size: 4);
        Assert.Equal(5, named.Count);
        var (none, onePage) = await Walk(client, "/digitaltwins/hub/relationships?relationshipName=other", "$relationshipId", size: 2);
        Assert.Empty(none);
        Assert.Equal(1, onePage);
    }

    [Fact]
    public async Task ListIncomingRelationships_MaxItemCount_PagesBySourceThenId()
    {
        using var factory = new ServerFactory();
        var client = await Star(factory, 5);
        var (sources, pages) = await Walk(client, "/digitaltwins/hub/incomingrelationships", "$sourceId", size: 2);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"s{i:D4}"), sources);
    }

    [Fact]
    public async Task ListRelationships_OverOneThousand_DefaultPageIsOneThousand()
    {
        using var factory = new ServerFactory();
        var client = await Star(factory, 1001);
        var (ids, pages) = await Walk(client, "/digitaltwins/hub/relationships", "$relationshipId", size: null);
        Assert.Equal(2, pages);
        Assert.Equal(1001, ids.Distinct().Count());
        var (sources, incomingPages) = await Walk(client, "/digitaltwins/hub/incomingrelationships", "$sourceId", size: null);
        Assert.Equal(2, incomingPages);
        Assert.Equal(1001, sources.Distinct().Count());
    }

    [Fact]
    public async Task ListRelationships_BadTokenOrPageSize_InvalidArgument()
    {
        using var factory = new ServerFactory();
        var client = await Star(factory, 2);
        await AssertError(await client.GetAsync(Url("/digitaltwins/hub/relationships?continuationToken=%%%")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/digitaltwins/hub/incomingrelationships?continuationToken=e30")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/digitaltwins/hub/incomingrelationships?continuationToken=!!")), HttpStatusCode.BadRequest, "InvalidArgument");
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/digitaltwins/hub/relationships"));
        request.Headers.Add("x-ms-max-item-count", "0");
        await AssertError(await client.SendAsync(request), HttpStatusCode.BadRequest, "InvalidArgument");
    }
}
