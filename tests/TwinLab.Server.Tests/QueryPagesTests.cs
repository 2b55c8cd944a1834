using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>
/// The query endpoint writes its pages straight from the twins: every page must be, byte for byte, what building a
/// <see cref="JsonObject"/> of the full result's rows and serializing it gives (the form the endpoint had before).
/// </summary>
public sealed class QueryPagesTests
{
    private const string ThingModel = """
        {"@id":"dtmi:test:Thing;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Property","name":"label","schema":"string","writable":true},
                     {"@type":"Property","name":"temperature","schema":"double","writable":true},
                     {"@type":"Property","name":"tags","schema":{"@type":"Map","mapKey":{"name":"k","schema":"string"},"mapValue":{"name":"v","schema":"string"}},"writable":true},
                     {"@type":"Relationship","name":"feeds","target":"dtmi:test:Thing;1","properties":[{"@type":"Property","name":"note","schema":"string"}]}]}
        """;

    // Characters the default encoder escapes (HTML-sensitive, non-ASCII, control) and ones it does not.
    private static readonly string[] Labels = ["plain", "<b>&'+\"", "café ü €", "tab\tnew\nline", "emoji 😀", "back\\slash", "`tick`", ""];

    private static readonly string[] Queries =
    [
        "SELECT * FROM DIGITALTWINS",
        "SELECT * FROM DIGITALTWINS T WHERE T.temperature > 2.5",
        "SELECT * FROM DIGITALTWINS T WHERE T.label IN ['plain', 'café ü €', 'emoji 😀', 'nothing']",
        "SELECT T.label, T.temperature AS t, T.tags FROM DIGITALTWINS T",
        "SELECT T.$dtId, T.$metadata, T.$metadata.temperature FROM DIGITALTWINS T WHERE IS_DEFINED(T.temperature)",
        "SELECT COUNT() FROM DIGITALTWINS",
        "SELECT TOP(3) * FROM DIGITALTWINS T WHERE T.temperature >= 0",
        "SELECT * FROM RELATIONSHIPS",
        "SELECT R.note, R.$targetId FROM RELATIONSHIPS R WHERE R.$sourceId = 'x01'",
        "SELECT A, B, R FROM DIGITALTWINS A JOIN B RELATED A.feeds R",
        "SELECT B.label FROM DIGITALTWINS MATCH (A)-[:feeds*1..3]->(B) WHERE A.$dtId = 'x00'",
        "SELECT * FROM DIGITALTWINS T WHERE T.label = 'none such'",
    ];

    [Fact]
    public async Task EveryPage_IsByteForByteTheSerializedRows()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{ThingModel}]"))).StatusCode);
        for (var i = 0; i < 12; i++)
        {
            var twin = new JsonObject
            {
                ["$metadata"] = new JsonObject { ["$model"] = "dtmi:test:Thing;1" },
                ["label"] = Labels[i % Labels.Length],
                ["tags"] = new JsonObject { ["k<" + i] = "v+" + i },
            };
            if (i % 3 != 0) twin["temperature"] = i * 0.5;
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url($"/digitaltwins/x{i:00}"), Json(twin.ToJsonString()))).StatusCode);
        }
        for (var i = 0; i < 12; i++)
        {
            var rel = new JsonObject { ["$targetId"] = $"x{(i * 5 + 1) % 12:00}", ["$relationshipName"] = "feeds", ["note"] = Labels[(i + 3) % Labels.Length] };
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url($"/digitaltwins/x{i:00}/relationships/f{i}"), Json(rel.ToJsonString()))).StatusCode);
        }
        var service = factory.Services.GetRequiredService<TwinService>();

        foreach (var query in Queries)
        {
            var rows = service.Query(query).Items.Select(r => r.ToJsonString()).ToArray();
            foreach (var size in new int?[] { null, 1, 2, 5, 7 })
            {
                var body = new JsonObject { ["query"] = query }.ToJsonString();
                var offset = 0;
                for (var pages = 0; ; pages++)
                {
                    Assert.True(pages < 20, query);
                    using var request = new HttpRequestMessage(HttpMethod.Post, Url("/query")) { Content = Json(body) };
                    if (size is { } n) request.Headers.Add("max-items-per-page", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var r = await client.SendAsync(request);
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    Assert.Equal("application/json", r.Content.Headers.ContentType?.ToString());
                    var text = await r.Content.ReadAsStringAsync();
                    Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), r.Content.Headers.ContentLength);

                    var count = Math.Min(size ?? 1000, Math.Max(0, rows.Length - offset));
                    var token = JsonDocument.Parse(text).RootElement.GetProperty("continuationToken");
                    var more = offset + count < rows.Length;
                    Assert.Equal(more ? JsonValueKind.String : JsonValueKind.Null, token.ValueKind);
                    var expected = new JsonObject
                    {
                        ["value"] = new JsonArray(rows.Skip(offset).Take(count).Select(row => JsonNode.Parse(row)).ToArray()),
                        ["continuationToken"] = more ? token.GetString() : null,
                    }.ToJsonString();
                    Assert.Equal(expected, text);
                    Assert.Equal((1 + count / 100.0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), r.Headers.GetValues("query-charge").Single());
                    if (!more) break;
                    offset += count;
                    body = new JsonObject { ["continuationToken"] = token.GetString() }.ToJsonString();
                }
            }
        }
    }

    [Fact]
    public async Task AsOf_PagesOfAPastState_AfterFurtherWrites()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        for (var i = 0; i < 4; i++) await client.PutAsync(Url($"/digitaltwins/r{i}"), Json(Room(i)));
        var service = factory.Services.GetRequiredService<TwinService>();
        var at = service.LastSequence;
        for (var i = 4; i < 8; i++) await client.PutAsync(Url($"/digitaltwins/r{i}"), Json(Room(i)));
        async Task<List<string>> All(string asOf, string body = """{"query":"SELECT * FROM DIGITALTWINS"}""")
        {
            var ids = new List<string>();
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Url("/query" + asOf)) { Content = Json(body) };
                request.Headers.Add("max-items-per-page", "3");
                var r = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                ids.AddRange(doc.RootElement.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("$dtId").GetString()!));
                if (doc.RootElement.GetProperty("continuationToken").ValueKind == JsonValueKind.Null) return ids;
                body = new JsonObject { ["continuationToken"] = doc.RootElement.GetProperty("continuationToken").GetString() }.ToJsonString();
                // Writes between pages change nothing for the pages of a past state.
                await client.PutAsync(Url($"/digitaltwins/late{ids.Count}"), Json(Room(99)));
            }
        }
        var asOf = "?asOf=" + at.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["r0", "r1", "r2", "r3"], await All(asOf));
        Assert.Equal(["r0", "r1", "r2", "r3"], await All(asOf));
        // A token whose position is past the end of the log (only a forged one can be) reads the current state, and so
        // sees the writes made since it was last used.
        var future = TwinLab.Server.Paging.EncodeToken(new JsonObject { ["q"] = "SELECT * FROM DIGITALTWINS", ["b"] = "main", ["s"] = service.LastSequence + 1000, ["o"] = 0 }.ToJsonString());
        var token = new JsonObject { ["continuationToken"] = future }.ToJsonString();
        var before = await All("", token);
        Assert.Contains("r7", before);
        await client.PutAsync(Url("/digitaltwins/newest"), Json(Room(1)));
        Assert.Contains("newest", await All("", token));
    }
}
