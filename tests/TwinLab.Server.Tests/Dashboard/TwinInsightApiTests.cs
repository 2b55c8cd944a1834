using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Dashboard;

/// <summary>The dashboard's reads: <c>GET /graph</c>, <c>GET /digitaltwins/{id}/history</c> and <c>GET /digitaltwins/{id}/telemetry</c>.</summary>
public sealed class TwinInsightApiTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Models = """
        [{"@id":"dtmi:t:Space;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
          "contents":[{"@type":"Property","name":"name","schema":"string"},{"@type":"Property","name":"temperature","schema":"double"},
                      {"@type":"Telemetry","name":"reading","schema":"double"},{"@type":"Telemetry","name":"mode","schema":"string"},
                      {"@type":"Relationship","name":"contains","properties":[{"@type":"Property","name":"since","schema":"string"}]}]},
         {"@id":"dtmi:t:Room;1","@type":"Interface","@context":"dtmi:dtdl:context;3","extends":"dtmi:t:Space;1"},
         {"@id":"dtmi:t:Probe;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
          "contents":[{"@type":"Property","name":"displayName","schema":"string"},{"@type":"Component","name":"battery","schema":"dtmi:t:Battery;1"}]},
         {"@id":"dtmi:t:Battery;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
          "contents":[{"@type":"Property","name":"capacity","schema":"double"},{"@type":"Telemetry","name":"charge","schema":"double"}]}]
        """;

    private static string Space(string model, string? name, double t) =>
        $$"""{"$metadata":{"$model":"{{model}}"},{{(name is null ? "" : $"\"name\":\"{name}\",")}}"temperature":{{t}}}""";

    private const string Probe = """{"$metadata":{"$model":"dtmi:t:Probe;1"},"displayName":"Probe 1","battery":{"$metadata":{},"capacity":90}}""";

    private static async Task<JsonElement> Ok(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static async Task Success(HttpResponseMessage r) =>
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");

    private static async Task ErrorNaming(HttpResponseMessage r, string parameter)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{(int)r.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("InvalidArgument", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(parameter, doc.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static long Sequence(ServerFactory factory) => factory.Services.GetRequiredService<TwinService>().LastSequence;

    /// <summary>site (Space, "Site") contains lab (Room, "Lab") and hall (Room, no name); lab contains p1 (Probe, displayName "Probe 1").</summary>
    private static async Task<HttpClient> Building(ServerFactory factory)
    {
        var client = factory.CreateClient();
        await Success(await client.PostAsync(Url("/models"), Json(Models)));
        await Success(await client.PutAsync(Url("/digitaltwins/site"), Json(Space("dtmi:t:Space;1", "Site", 20))));
        await Success(await client.PutAsync(Url("/digitaltwins/lab"), Json(Space("dtmi:t:Room;1", "Lab", 21))));
        await Success(await client.PutAsync(Url("/digitaltwins/hall"), Json(Space("dtmi:t:Room;1", null, 19))));
        await Success(await client.PutAsync(Url("/digitaltwins/p1"), Json(Probe)));
        await Success(await client.PutAsync(Url("/digitaltwins/site/relationships/c1"), Json("""{"$relationshipName":"contains","$targetId":"lab"}""")));
        await Success(await client.PutAsync(Url("/digitaltwins/site/relationships/c2"), Json("""{"$relationshipName":"contains","$targetId":"hall"}""")));
        await Success(await client.PutAsync(Url("/digitaltwins/lab/relationships/c3"), Json("""{"$relationshipName":"contains","$targetId":"p1"}""")));
        return client;
    }

    private static Dictionary<string, (string Model, string? Name)> Twins(JsonElement graph)
    {
        var models = graph.GetProperty("models").EnumerateArray().Select(m => m.GetString()!).ToArray();
        return graph.GetProperty("twins").EnumerateArray().ToDictionary(
            t => t[0].GetString()!, t => (models[t[1].GetInt32()], t[2].ValueKind == JsonValueKind.Null ? null : t[2].GetString()));
    }

    /// <summary>The relationships as "source-name->target", sorted.</summary>
    private static string[] Edges(JsonElement graph)
    {
        var ids = graph.GetProperty("twins").EnumerateArray().Select(t => t[0].GetString()!).ToArray();
        return [.. graph.GetProperty("relationships").EnumerateArray().Select(r => $"{ids[r[0].GetInt32()]}-{r[2].GetString()}->{ids[r[1].GetInt32()]}").Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task GetGraph_Whole_TwinsWithModelsAndNames_RelationshipsByIndex()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        var graph = await Ok(await client.GetAsync(Url("/graph")));
        var twins = Twins(graph);
        Assert.Equal(4, twins.Count);
        Assert.Equal(("dtmi:t:Space;1", "Site"), twins["site"]);
        Assert.Equal(("dtmi:t:Room;1", "Lab"), twins["lab"]);
        Assert.Equal(("dtmi:t:Room;1", (string?)null), twins["hall"]);
        Assert.Equal(("dtmi:t:Probe;1", "Probe 1"), twins["p1"]);
        Assert.Equal(["lab-contains->p1", "site-contains->hall", "site-contains->lab"], Edges(graph));
        Assert.False(graph.GetProperty("truncated").GetBoolean());
        Assert.Equal(4, graph.GetProperty("total").GetInt32());
        Assert.Equal(3, graph.GetProperty("relationshipCount").GetInt32());
        Assert.Equal("main", graph.GetProperty("branch").GetString());
        Assert.Equal(Sequence(factory), graph.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task GetGraph_TenThousandTwins_OneCompactAnswer()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await Success(await client.PostAsync(Url("/models"), Json(Models)));
        const int n = 10_000;
        // Written straight through the service (one transaction) rather than 20,000 requests: the read is what is measured.
        factory.Services.GetRequiredService<TwinService>().Write(g =>
        {
            for (var i = 0; i < n; i++)
                g.CreateOrReplaceTwin($"t{i:D5}", JsonDocument.Parse(Space(i % 2 == 0 ? "dtmi:t:Room;1" : "dtmi:t:Space;1", $"Twin {i}", i)).RootElement);
            for (var i = 1; i < n; i++)
                g.CreateOrReplaceRelationship($"t{(i - 1) / 4:D5}", $"c{i}", JsonDocument.Parse($$"""{"$relationshipName":"contains","$targetId":"t{{i:D5}}"}""").RootElement);
        });
        await client.GetAsync(Url("/graph?max=1")); // warm up
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await client.GetAsync(Url("/graph"));
        var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        watch.Stop();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(n, doc.RootElement.GetProperty("twins").GetArrayLength());
        Assert.Equal(n - 1, doc.RootElement.GetProperty("relationships").GetArrayLength());
        output.WriteLine($"GET /graph of {n:N0} twins and {n - 1:N0} relationships: {watch.Elapsed.TotalMilliseconds:F0} ms, {bytes / 1024.0:F0} KiB");
        // Generous for a loaded test machine; on an idle one it is tens of milliseconds.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        var rooms = await Ok(await client.GetAsync(Url("/graph?model=dtmi:t:Room;1&max=100")));
        Assert.True(rooms.GetProperty("truncated").GetBoolean());
        Assert.Equal(n / 2, rooms.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task GetGraph_ModelFilter_IncludesDerivedModels_AndNeighboursAfterTheMatches()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        var spaces = await Ok(await client.GetAsync(Url("/graph?model=dtmi:t:Space;1")));
        Assert.Equal(["hall", "lab", "site"], Twins(spaces).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, Edges(spaces).Length);

        var rooms = await Ok(await client.GetAsync(Url("/graph?model=dtmi:t:Room;1")));
        Assert.Equal(["hall", "lab"], Twins(rooms).Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Edges(rooms));

        var around = await Ok(await client.GetAsync(Url("/graph?model=dtmi:t:Room;1&neighbours=true")));
        var ids = around.GetProperty("twins").EnumerateArray().Select(t => t[0].GetString()!).ToArray();
        Assert.Equal(["hall", "lab", "p1", "site"], ids);
        Assert.Equal(2, around.GetProperty("matched").GetInt32());
        Assert.Equal(3, Edges(around).Length);

        var two = await Ok(await client.GetAsync(Url("/graph?model=dtmi:t:Room;1,dtmi:t:Probe;1")));
        Assert.Equal(["hall", "lab", "p1"], Twins(two).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["lab-contains->p1"], Edges(two));
    }

    [Fact]
    public async Task GetGraph_Max_TruncatesAndSaysSo_KeepingOnlyRelationshipsBetweenKeptTwins()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        var graph = await Ok(await client.GetAsync(Url("/graph?max=2")));
        Assert.True(graph.GetProperty("truncated").GetBoolean());
        Assert.Equal(4, graph.GetProperty("total").GetInt32());
        Assert.Equal(["hall", "lab"], Twins(graph).Keys.Order(StringComparer.Ordinal));
        Assert.Empty(Edges(graph));
    }

    [Fact]
    public async Task GetGraph_BranchAndAsOf()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        var before = Sequence(factory);
        await Success(await client.PostAsync(Url("/branches"), Json("""{"name":"plan"}""")));
        await Success(await client.PutAsync(Url("/digitaltwins/annex?branch=plan"), Json(Space("dtmi:t:Room;1", "Annex", 18))));
        await Success(await client.PutAsync(Url("/digitaltwins/store"), Json(Space("dtmi:t:Room;1", "Store", 18))));
        Assert.Equal(["annex", "hall", "lab", "p1", "site"], Twins(await Ok(await client.GetAsync(Url("/graph?branch=plan")))).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["hall", "lab", "p1", "site", "store"], Twins(await Ok(await client.GetAsync(Url("/graph")))).Keys.Order(StringComparer.Ordinal));
        var past = await Ok(await client.GetAsync(Url($"/graph?asOf={before}")));
        Assert.Equal(["hall", "lab", "p1", "site"], Twins(past).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before, past.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task GetGraph_Errors_NameTheParameter()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        await ErrorNaming(await client.GetAsync(Url("/graph?max=0")), "max");
        await ErrorNaming(await client.GetAsync(Url("/graph?max=lots")), "max");
        await ErrorNaming(await client.GetAsync(Url("/graph?model=dtmi:t:Nope;1")), "model");
        await ErrorNaming(await client.GetAsync(Url("/graph?model=dtmi:t:Room;1&neighbours=maybe")), "neighbours");
        await ErrorNaming(await client.GetAsync(Url("/graph?asOf=yesterday")), "asOf");
        await AssertError(await client.GetAsync(Url("/graph?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.GetAsync("/graph"), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
    }

    /// <summary>lab: created, patched twice, a relationship from site created and patched, and one to p1 deleted.</summary>
    private static async Task<HttpClient> LabWithChanges(ServerFactory factory)
    {
        var client = await Building(factory);
        await Success(await client.PatchAsync(Url("/digitaltwins/lab"), Patch("""[{"op":"replace","path":"/temperature","value":22.5}]""")));
        await Success(await client.PatchAsync(Url("/digitaltwins/lab"), Patch("""[{"op":"replace","path":"/name","value":"Lab A"}]""")));
        await Success(await client.PatchAsync(Url("/digitaltwins/site/relationships/c1"), Patch("""[{"op":"add","path":"/since","value":"2026"}]""")));
        await Success(await client.DeleteAsync(Url("/digitaltwins/lab/relationships/c3")));
        return client;
    }

    [Fact]
    public async Task GetHistory_NewestFirst_WithPatchesWholeTwinsAndRelationshipChanges()
    {
        using var factory = new ServerFactory();
        var client = await LabWithChanges(factory);
        var history = await Ok(await client.GetAsync(Url("/digitaltwins/lab/history")));
        var entries = history.GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(["Relationship.Delete", "Relationship.Update", "Twin.Update", "Twin.Update", "Relationship.Create", "Relationship.Create", "Twin.Create"],
            entries.Select(e => e.GetProperty("kind").GetString()));
        var sequences = entries.Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.All(entries, e => Assert.Equal("api", e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("description").GetString())));

        Assert.Equal("c3", entries[0].GetProperty("relationship").GetProperty("$relationshipId").GetString());
        var relPatch = Assert.Single(entries[1].GetProperty("patch").EnumerateArray());
        Assert.Equal("/since", relPatch.GetProperty("path").GetString());
        Assert.Equal("site", entries[1].GetProperty("relationship").GetProperty("$sourceId").GetString());
        var rename = Assert.Single(entries[2].GetProperty("patch").EnumerateArray());
        Assert.Equal("replace", rename.GetProperty("op").GetString());
        Assert.Equal("/name", rename.GetProperty("path").GetString());
        Assert.Equal("Lab A", rename.GetProperty("value").GetString());
        var warmer = Assert.Single(entries[3].GetProperty("patch").EnumerateArray());
        Assert.Equal(22.5, warmer.GetProperty("value").GetDouble());
        Assert.Equal(21, entries[6].GetProperty("twin").GetProperty("temperature").GetDouble());
        Assert.Equal(JsonValueKind.Null, history.GetProperty("nextLink").ValueKind);
    }

    [Fact]
    public async Task GetHistory_Pages_FollowNextLink_WithoutGapsOrRepeats()
    {
        using var factory = new ServerFactory();
        var client = await LabWithChanges(factory);
        var all = (await Ok(await client.GetAsync(Url("/digitaltwins/lab/history")))).GetProperty("value").EnumerateArray()
            .Select(e => e.GetProperty("sequence").GetInt64()).ToArray();
        var seen = new List<long>();
        var next = Url("/digitaltwins/lab/history?top=3");
        var pages = 0;
        while (next is not null)
        {
            var page = await Ok(await client.GetAsync(next));
            var values = page.GetProperty("value").EnumerateArray().ToArray();
            Assert.InRange(values.Length, 1, 3);
            seen.AddRange(values.Select(e => e.GetProperty("sequence").GetInt64()));
            next = page.GetProperty("nextLink").GetString() is { } link ? new Uri(link).PathAndQuery : null;
            Assert.Equal(next is null, page.GetProperty("continuationToken").ValueKind == JsonValueKind.Null);
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(all, seen);
        // An update patch on a later page is still computed from the state right before it.
        var second = await Ok(await client.GetAsync(Url("/digitaltwins/lab/history?top=1&to=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O")))));
        Assert.Single(second.GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task GetHistory_AsOfBranchAndTimeRange()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        await Success(await client.PatchAsync(Url("/digitaltwins/lab"), Patch("""[{"op":"replace","path":"/temperature","value":22}]""")));
        var afterFirstPatch = Sequence(factory);
        await Success(await client.PostAsync(Url("/branches"), Json("""{"name":"warm"}""")));
        await Success(await client.PatchAsync(Url("/digitaltwins/lab?branch=warm"), Patch("""[{"op":"replace","path":"/temperature","value":30}]""")));
        await Success(await client.PatchAsync(Url("/digitaltwins/lab"), Patch("""[{"op":"replace","path":"/temperature","value":23}]""")));

        static double[] Values(JsonElement h) => [.. h.GetProperty("value").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "Twin.Update").Select(e => e.GetProperty("patch")[0].GetProperty("value").GetDouble())];

        Assert.Equal(new double[] { 23, 22 }, Values(await Ok(await client.GetAsync(Url("/digitaltwins/lab/history")))));
        Assert.Equal(new double[] { 22 }, Values(await Ok(await client.GetAsync(Url($"/digitaltwins/lab/history?asOf={afterFirstPatch}")))));
        var onBranch = await Ok(await client.GetAsync(Url("/digitaltwins/lab/history?branch=warm")));
        Assert.Equal([30, 22], Values(onBranch));
        Assert.Equal(["warm", "main"], onBranch.GetProperty("value").EnumerateArray().Take(2).Select(e => e.GetProperty("branch").GetString()));
        Assert.Equal("Twin.Create", onBranch.GetProperty("value").EnumerateArray().Last().GetProperty("kind").GetString());

        var all = (await Ok(await client.GetAsync(Url("/digitaltwins/lab/history")))).GetProperty("value").EnumerateArray().ToArray();
        var newest = DateTimeOffset.Parse(all[0].GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var from = await Ok(await client.GetAsync(Url("/digitaltwins/lab/history?from=" + Uri.EscapeDataString(newest.ToString("O")))));
        Assert.Equal([23], Values(from));
        var to = await Ok(await client.GetAsync(Url("/digitaltwins/lab/history?to=" + Uri.EscapeDataString(newest.ToString("O")))));
        Assert.DoesNotContain(to.GetProperty("value").EnumerateArray(), e => e.GetProperty("sequence").GetInt64() == all[0].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task GetHistory_OfADeletedTwin_EndsWithItsLastState()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        await Success(await client.DeleteAsync(Url("/digitaltwins/site/relationships/c2")));
        await Success(await client.DeleteAsync(Url("/digitaltwins/hall")));
        await AssertError(await client.GetAsync(Url("/digitaltwins/hall")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        var entries = (await Ok(await client.GetAsync(Url("/digitaltwins/hall/history")))).GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal("Twin.Delete", entries[0].GetProperty("kind").GetString());
        Assert.Equal(19, entries[0].GetProperty("twin").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task GetHistory_Errors()
    {
        using var factory = new ServerFactory();
        var client = await Building(factory);
        var before = Sequence(factory);
        await Success(await client.PutAsync(Url("/digitaltwins/late"), Json(Space("dtmi:t:Room;1", null, 1))));
        await AssertError(await client.GetAsync(Url("/digitaltwins/nope/history")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        await AssertError(await client.GetAsync(Url($"/digitaltwins/late/history?asOf={before}")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/lab/history?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/history?top=0")), "top");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/history?top=5000")), "top");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/history?from=soon")), "from");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/history?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")), "from");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/history?continuationToken=abc")), "continuation");
    }

    private static async Task Send(HttpClient client, string path, string body, string id, string time)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = Json(body) };
        request.Headers.Add("Message-Id", id);
        request.Headers.Add("Telemetry-Source-Time", time);
        await Success(await client.SendAsync(request));
    }

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    /// <summary>lab: reading at 10:00, 10:10, 10:20 (20, 22, 24) and 11:05 (30), mode "auto" at 10:00; p1's battery charge at 10:30.</summary>
    private static async Task<HttpClient> Readings(ServerFactory factory)
    {
        var client = await Building(factory);
        await Send(client, "/digitaltwins/lab/telemetry", """{"reading":20,"mode":"auto"}""", "m1", "2026-11-20T10:00:00Z");
        await Send(client, "/digitaltwins/lab/telemetry", """{"reading":22}""", "m2", "2026-11-20T10:10:00Z");
        await Send(client, "/digitaltwins/lab/telemetry", """{"reading":24}""", "m3", "2026-11-20T10:20:00Z");
        await Send(client, "/digitaltwins/lab/telemetry", """{"reading":30}""", "m4", "2026-11-20T11:05:00Z");
        await Send(client, "/digitaltwins/p1/components/battery/telemetry", """{"charge":88.5}""", "m5", "2026-11-20T10:30:00Z");
        return client;
    }

    [Fact]
    public async Task GetTelemetry_WithoutName_ListsNamesWithCountsAndRange()
    {
        using var factory = new ServerFactory();
        var client = await Readings(factory);
        var answer = await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry")));
        Assert.Equal(Sequence(factory), answer.GetProperty("sequence").GetInt64());
        var names = answer.GetProperty("names").EnumerateArray().ToArray();
        Assert.Equal(["mode", "reading"], names.Select(n => n.GetProperty("name").GetString()));
        var t = names[1];
        Assert.Equal(4, t.GetProperty("count").GetInt32());
        Assert.Equal(Ms("2026-11-20T10:00:00Z"), Ms(t.GetProperty("first").GetString()!));
        Assert.Equal(Ms("2026-11-20T11:05:00Z"), Ms(t.GetProperty("last").GetString()!));
        Assert.True(t.GetProperty("numeric").GetBoolean());
        Assert.False(names[0].GetProperty("numeric").GetBoolean());
        var probe = Assert.Single((await Ok(await client.GetAsync(Url("/digitaltwins/p1/telemetry")))).GetProperty("names").EnumerateArray());
        Assert.Equal("battery", probe.GetProperty("component").GetString());
    }

    [Fact]
    public async Task GetTelemetry_Series_AsCompactRows_FilteredByTime_NewestWhenCapped()
    {
        using var factory = new ServerFactory();
        var client = await Readings(factory);
        var series = await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading")));
        Assert.Equal(["t", "value"], series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var points = series.GetProperty("points").EnumerateArray().Select(p => (p[0].GetInt64(), p[1].GetDouble())).ToArray();
        Assert.Equal([(Ms("2026-11-20T10:00:00Z"), 20.0), (Ms("2026-11-20T10:10:00Z"), 22), (Ms("2026-11-20T10:20:00Z"), 24), (Ms("2026-11-20T11:05:00Z"), 30)], points);
        Assert.False(series.GetProperty("truncated").GetBoolean());

        var window = await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&from=2026-11-20T10:10:00Z&to=2026-11-20T11:05:00Z")));
        Assert.Equal([22.0, 24], window.GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()));

        var capped = await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&max=2")));
        Assert.Equal([24.0, 30], capped.GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble()));
        Assert.True(capped.GetProperty("truncated").GetBoolean());
        Assert.Equal(4, capped.GetProperty("total").GetInt32());

        var text = await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=mode")));
        Assert.Equal("auto", text.GetProperty("points")[0][1].GetString());

        var battery = await Ok(await client.GetAsync(Url("/digitaltwins/p1/telemetry?name=charge&component=battery")));
        Assert.Equal(88.5, battery.GetProperty("points")[0][1].GetDouble());
        Assert.Empty((await Ok(await client.GetAsync(Url("/digitaltwins/p1/telemetry?name=charge")))).GetProperty("points").EnumerateArray());
    }

    [Fact]
    public async Task GetTelemetry_Bucket_MinMaxMeanCountPerBucketAlignedToTheHour()
    {
        using var factory = new ServerFactory();
        var client = await Readings(factory);
        var hourly = await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&bucket=1h")));
        Assert.Equal(["t", "mean", "min", "max", "count"], hourly.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = hourly.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(Ms("2026-11-20T10:00:00Z"), rows[0][0].GetInt64());
        Assert.Equal([22.0, 20, 24, 3], rows[0].EnumerateArray().Skip(1).Select(v => v.GetDouble()));
        Assert.Equal(Ms("2026-11-20T11:00:00Z"), rows[1][0].GetInt64());
        Assert.Equal([30.0, 30, 30, 1], rows[1].EnumerateArray().Skip(1).Select(v => v.GetDouble()));
        var quarter = await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&bucket=PT15M")));
        Assert.Equal(3, quarter.GetProperty("points").GetArrayLength());
        Assert.Equal("PT15M", quarter.GetProperty("bucket").GetString());
    }

    [Fact]
    public async Task GetTelemetry_BranchAndAsOf()
    {
        using var factory = new ServerFactory();
        var client = await Readings(factory);
        var before = Sequence(factory);
        await Success(await client.PostAsync(Url("/branches"), Json("""{"name":"sim"}""")));
        await Send(client, "/digitaltwins/lab/telemetry?branch=sim", """{"reading":99}""", "b1", "2026-11-20T12:00:00Z");
        await Send(client, "/digitaltwins/lab/telemetry", """{"reading":31}""", "m6", "2026-11-20T12:00:00Z");
        double[] Last(JsonElement s) => [.. s.GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble())];
        Assert.Equal(new double[] { 20, 22, 24, 30, 99 }, Last(await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&branch=sim")))));
        Assert.Equal(new double[] { 20, 22, 24, 30, 31 }, Last(await Ok(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading")))));
        Assert.Equal(new double[] { 20, 22, 24, 30 }, Last(await Ok(await client.GetAsync(Url($"/digitaltwins/lab/telemetry?name=reading&asOf={before}")))));
    }

    [Fact]
    public async Task GetTelemetry_Errors()
    {
        using var factory = new ServerFactory();
        var client = await Readings(factory);
        await AssertError(await client.GetAsync(Url("/digitaltwins/nope/telemetry")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/nope/telemetry?name=reading")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/lab/telemetry?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&bucket=often")), "bucket");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&bucket=0s")), "bucket");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&max=-1")), "max");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/telemetry?name=reading&from=today")), "from");
        await ErrorNaming(await client.GetAsync(Url("/digitaltwins/lab/telemetry?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z")), "from");
    }

    [Fact]
    public async Task OpenApi_DocumentsTheThreeEndpointsWithSummariesAndParameters()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var (path, parameters) in new[] { ("/graph", new[] { "model", "max", "branch", "asOf" }), ("/digitaltwins/{id}/history", ["from", "to", "top", "continuationToken", "branch", "asOf"]), ("/digitaltwins/{id}/telemetry", ["name", "bucket", "max", "branch", "asOf"]) })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
            var names = get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
            Assert.Superset(parameters.ToHashSet(), names!);
        }
    }
}
