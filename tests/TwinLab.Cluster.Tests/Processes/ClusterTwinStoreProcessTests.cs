using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Cluster.Tests.Hosting;

namespace TwinLab.Cluster.Tests.Processes;

/// <summary>
/// Real <c>twinlab serve --cluster</c> processes with <c>membership: postgres</c> keep their twins in the PostgreSQL twin
/// store (fresh schemas per test): models and twins written over REST to one node are read, with the same ETags, from
/// another after the first is SIGKILLed; after every node has stopped, a fresh node serves them and answers a query
/// over them as before. Skips without <c>TWINLAB_POSTGRES</c>.
/// </summary>
/// <remarks>About 30 s on two cores, most of it Orleans noticing the killed node (its default probe timeouts, as shipped).</remarks>
public sealed class ClusterTwinStoreProcessTests
{
    private const string Api = "api-version=2023-10-31";
    private const string Query = "SELECT R.$dtId, R.occupancy FROM DIGITALTWINS F JOIN R RELATED F.hasRoom WHERE F.$dtId = 'floor-1' AND R.occupancy > 0";

    [SkippableFact]
    public async Task Postgres_NodeKilled_ThenAllStopped_TwinsETagsAndQueriesKeptInPostgres()
    {
        PostgresTestSchema.Require();
        var cli = ClusterNode.Cli();
        using var schema = new PostgresTestSchema();
        var dir = Directory.CreateTempSubdirectory("twinlab-cluster-twins-");
        var ports = ClusterNode.FreePorts(9);
        var nodes = new List<ClusterNode>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        ClusterNode Start(int i)
        {
            var folder = Directory.CreateDirectory(Path.Combine(dir.FullName, $"n{i + 1}")).FullName;
            File.WriteAllText(Path.Combine(folder, "cluster.yaml"),
                $"cluster: ci-{Path.GetFileName(dir.FullName)}\nsilo_port: {ports[i]}\ngateway_port: {ports[3 + i]}\n" +
                $"membership: postgres\npostgres_schema: {schema.Name}\ntwins_schema: {schema.TwinsName}\n");
            var node = ClusterNode.Start(cli, folder, ports[6 + i]);
            nodes.Add(node);
            return node;
        }
        string Url(int i, string path) => $"http://127.0.0.1:{ports[6 + i]}/{path}{(path.Contains('?') ? '&' : '?')}{Api}";
        try
        {
            var first = Start(0);
            var second = Start(1);
            foreach (var i in new[] { 0, 1 })
                await ClusterNode.Until(async () => await ClusterNode.Silos(http, ports[6 + i]) == 2, TimeSpan.FromMinutes(1), nodes);

            // Models, twins and relationships of the building example, over REST to node 1.
            var ids = await WriteBuildingAsync(http, p => Url(0, p));
            var (written, answer) = await ReadAllAsync(http, p => Url(0, p), ids, nodes);
            Assert.Contains("room-", answer, StringComparison.Ordinal);

            // SIGKILL node 1: node 2 serves every twin (its grain re-activated there from PostgreSQL), same body and ETag,
            // and the query (its index shards rebuilt from PostgreSQL) gives the same answer.
            first.Kill();
            var (twins, again) = await ReadAllAsync(http, p => Url(1, p), ids, [second]);
            Assert.Equal(written, twins);
            Assert.Equal(answer, again);

            // Every node stopped; a fresh one (its own folder, an empty local database) serves the twins from PostgreSQL.
            second.Stop();
            var fresh = Start(2);
            (twins, again) = await ReadAllAsync(http, p => Url(2, p), ids, [fresh]);
            Assert.Equal(written, twins);
            Assert.Equal(answer, again);

            // The log records the requests' actor (anonymous under --dev: "api"), not the cluster.
            var actors = schema.Rows($"SELECT DISTINCT actor FROM \"{schema.TwinsName}\".events").Select(r => (string)r[0]!).ToArray();
            Assert.Equal(["api"], actors);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            try { dir.Delete(recursive: true); } catch (IOException) { /* a node's files may still be closing */ }
        }
    }

    /// <summary>
    /// A node of a <c>membership: postgres</c> cluster runs its <c>TwinService</c> on the grains' store and follows it: a
    /// twin written through the grains on node 1 reaches node 2's live <c>/events</c> stream and its history (with the
    /// caller as actor), is read <c>?asOf</c> an earlier sequence on node 1, is there in a branch forked on node 2 (whose
    /// own writes go through), takes telemetry on node 2; and what would write main's twins past the grains (a component
    /// PATCH, merging a branch into main) is refused with the reason, changing nothing.
    /// </summary>
    [SkippableFact]
    public async Task Postgres_NodesFollowTheGrainsLog_EventsHistoryAsOfBranchesTelemetry()
    {
        PostgresTestSchema.Require();
        var cli = ClusterNode.Cli();
        using var schema = new PostgresTestSchema();
        var dir = Directory.CreateTempSubdirectory("twinlab-cluster-follow-");
        var ports = ClusterNode.FreePorts(6);
        var nodes = new List<ClusterNode>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        string Url(int i, string path) => $"http://127.0.0.1:{ports[4 + i]}/{path}{(path.Contains('?') ? '&' : '?')}{Api}";
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(dir.FullName, $"n{i + 1}")).FullName;
                File.WriteAllText(Path.Combine(folder, "cluster.yaml"),
                    $"cluster: ci-{Path.GetFileName(dir.FullName)}\nsilo_port: {ports[i]}\ngateway_port: {ports[2 + i]}\n" +
                    $"membership: postgres\npostgres_schema: {schema.Name}\ntwins_schema: {schema.TwinsName}\n");
                nodes.Add(ClusterNode.Start(cli, folder, ports[4 + i]));
            }
            foreach (var i in new[] { 0, 1 })
                await ClusterNode.Until(async () => await ClusterNode.Silos(http, ports[4 + i]) == 2, TimeSpan.FromMinutes(1), nodes);

            // Node 2's live stream, open before anything is written.
            using var events = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var stream = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url(1, "events")), HttpCompletionOption.ResponseHeadersRead, events.Token);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            var lines = new StreamReader(await stream.Content.ReadAsStreamAsync(events.Token));

            // A webhook route made on node 2 (documents in the shared store): one node at a time delivers it.
            using var hook = new HttpListener();
            var hookPort = ClusterNode.FreePorts(1)[0];
            hook.Prefixes.Add($"http://127.0.0.1:{hookPort}/hook/");
            hook.Start();
            var deliveries = new System.Collections.Concurrent.ConcurrentQueue<(string Id, string Subject)>();
            var receiving = Task.Run(async () =>
            {
                while (hook.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await hook.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                    using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                    {
                        var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
                        deliveries.Enqueue((context.Request.Headers["ce-id"] ?? "", body["subject"]?.GetValue<string>() ?? ""));
                    }
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
            });
            foreach (var (path, json) in new[]
            {
                ("endpoints/hook", $"{{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:{hookPort}/hook/\"}}"),
                ("eventroutes/rooms", "{\"endpointName\":\"hook\",\"filter\":\"STARTS_WITH(subject, 'room-')\"}"),
            })
            {
                var (status, answer) = await SendFor(http, HttpMethod.Put, Url(1, path), json);
                Assert.True((int)status is >= 200 and < 300, $"PUT {path} on node 2 -> {(int)status}: {answer}");
            }

            await WriteBuildingAsync(http, p => Url(0, p));
            var created = await Json(http, Url(0, "digitaltwins/room-001"));
            var firstETag = created["$etag"]!.GetValue<string>();
            await Send(http, HttpMethod.Patch, Url(0, "digitaltwins/room-001"), "[{\"op\":\"replace\",\"path\":\"/occupancy\",\"value\":17}]", HttpStatusCode.NoContent);

            // The grains' writes on node 1 arrive on node 2's stream (its follower folds the shared log).
            string? line;
            var seen = false;
            while (!seen && (line = await lines.ReadLineAsync(events.Token)) is not null)
                seen = line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("room-001", StringComparison.Ordinal) && line.Contains("17", StringComparison.Ordinal);
            Assert.True(seen, "node 2's /events never carried node 1's patch of room-001");

            // History on node 2: every change of room-001, written by the caller.
            var history = (await Json(http, Url(1, "history?twin=room-001")))["value"]!.AsArray();
            Assert.True(history.Count >= 2, history.ToJsonString());
            Assert.All(history, e => Assert.Equal("api", e!["actor"]!.GetValue<string>()));

            // ?asOf the first write, on node 1: the twin before the patch.
            var sequence = firstETag[3..^1];
            var before = await Json(http, Url(0, $"digitaltwins/room-001?asOf={sequence}"));
            Assert.Equal(firstETag, before["$etag"]!.GetValue<string>());
            Assert.NotEqual(17, before["occupancy"]?.GetValue<int>());

            // A branch forked on node 2 holds main's twins as the grains wrote them; its own writes go through.
            await Send(http, HttpMethod.Post, Url(1, "branches"), "{\"name\":\"what-if\"}", HttpStatusCode.Created);
            Assert.Equal(17, (await Json(http, Url(1, "digitaltwins/room-001?branch=what-if")))["occupancy"]!.GetValue<int>());
            await Send(http, HttpMethod.Patch, Url(1, "digitaltwins/room-001?branch=what-if"), "[{\"op\":\"replace\",\"path\":\"/occupancy\",\"value\":3}]", HttpStatusCode.NoContent);
            Assert.Equal(3, (await Json(http, Url(1, "digitaltwins/room-001?branch=what-if")))["occupancy"]!.GetValue<int>());
            // A query of the branch answers from the branch as it is now (not from before any write).
            using (var query = await http.PostAsync(Url(1, "query?branch=what-if"), new StringContent(
                new JsonObject { ["query"] = "SELECT T.occupancy FROM DIGITALTWINS T WHERE T.$dtId = 'room-001'" }.ToJsonString(), Encoding.UTF8, "application/json")))
            {
                var answer = await query.Content.ReadAsStringAsync();
                Assert.True(query.IsSuccessStatusCode, answer);
                Assert.Equal(3, JsonNode.Parse(answer)!["value"]!.AsArray().Single()!["occupancy"]!.GetValue<int>());
            }

            // Telemetry on node 2 is taken.
            using (var telemetry = new HttpRequestMessage(HttpMethod.Post, Url(1, "digitaltwins/room-001/telemetry"))
            {
                Content = new StringContent("{\"temperature\": 21.5}", Encoding.UTF8, "application/json"),
            })
            {
                telemetry.Headers.Add("Message-Id", "t-1");
                using var sent = await http.SendAsync(telemetry);
                Assert.True(sent.IsSuccessStatusCode, $"telemetry on node 2 -> {(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync()}");
            }

            // Writes of main's twins past the grains are refused, saying why, and change nothing.
            var refused = await SendFor(http, HttpMethod.Patch, Url(1, "digitaltwins/room-001/components/thermostat"), "[{\"op\":\"add\",\"path\":\"/setpoint\",\"value\":19.0}]");
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("twin grains", refused.Body, StringComparison.Ordinal);
            refused = await SendFor(http, HttpMethod.Post, Url(1, "branches/what-if/merge"), "{}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("twin grains", refused.Body, StringComparison.Ordinal);
            Assert.Equal(17, (await Json(http, Url(0, "digitaltwins/room-001")))["occupancy"]!.GetValue<int>());

            // The route delivered the grains' room events, each once although both nodes follow the log and know the route.
            await ClusterNode.Until(() => Task.FromResult(deliveries.Any(d => d.Subject == "room-001") && deliveries.Count >= 3), TimeSpan.FromSeconds(30), nodes);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var ids = deliveries.Select(d => d.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(deliveries, d => Assert.StartsWith("room-", d.Subject, StringComparison.Ordinal));
            hook.Stop();
            await receiving;
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            try { dir.Delete(recursive: true); } catch (IOException) { /* a node's files may still be closing */ }
        }
    }

    /// <summary>Writes the building example's models, twins and relationships over REST; returns the twins' ids.</summary>
    private static async Task<List<string>> WriteBuildingAsync(HttpClient http, Func<string, string> url)
    {
        using var file = JsonDocument.Parse(Examples.Read("building/twins.json"));
        await Send(http, HttpMethod.Post, url("models"), ModelsArray(), HttpStatusCode.Created);
        var ids = new List<string>();
        foreach (var twin in file.RootElement.GetProperty("twins").EnumerateArray())
        {
            ids.Add(twin.GetProperty("$dtId").GetString()!);
            await Send(http, HttpMethod.Put, url($"digitaltwins/{ids[^1]}"), twin.GetRawText(), HttpStatusCode.OK);
        }
        foreach (var rel in file.RootElement.GetProperty("relationships").EnumerateArray())
        {
            var body = new JsonObject { ["$relationshipName"] = rel.GetProperty("name").GetString(), ["$targetId"] = rel.GetProperty("target").GetString() };
            if (rel.TryGetProperty("properties", out var properties))
                foreach (var p in properties.EnumerateObject()) body[p.Name] = JsonNode.Parse(p.Value.GetRawText());
            await Send(http, HttpMethod.Put, url($"digitaltwins/{rel.GetProperty("source").GetString()}/relationships/{rel.GetProperty("id").GetString()}"),
                body.ToJsonString(), HttpStatusCode.OK);
        }
        return ids;
    }

    private static async Task<JsonNode> Json(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} -> {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendFor(HttpClient http, HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The building example's models as one upload: every interface of every file.</summary>
    private static string ModelsArray()
    {
        var all = new JsonArray();
        foreach (var text in ExampleGraphs.Models("building", "Space.json", "Room.json", "Building.json", "Equipment.json"))
        {
            var node = JsonNode.Parse(text)!;
            if (node is JsonArray many) foreach (var m in many.ToArray()) all.Add(m!.DeepClone());
            else all.Add(node);
        }
        return all.ToJsonString();
    }

    private static async Task Send(HttpClient http, HttpMethod method, string url, string json, HttpStatusCode expected)
    {
        var (status, body) = await SendFor(http, method, url, json);
        Assert.True(status == expected, $"{method} {url} -> {(int)status}: {body}");
    }

    /// <summary>Every twin and the query's answer, read in one pass in which the node answered every request — while the
    /// cluster is noticing a lost node or starting, a call may be refused, and the pass is made again.</summary>
    private static async Task<(Dictionary<string, string> Twins, string Answer)> ReadAllAsync(HttpClient http, Func<string, string> url,
        IReadOnlyList<string> ids, IReadOnlyList<ClusterNode> alive)
    {
        var twins = new Dictionary<string, string>();
        var answer = "";
        await ClusterNode.Until(async () =>
        {
            foreach (var id in ids)
            {
                using var response = await http.GetAsync(url($"digitaltwins/{id}"));
                if (response.StatusCode != HttpStatusCode.OK) return false;
                twins[id] = await response.Content.ReadAsStringAsync();
            }
            using var query = await http.PostAsync(url("query"), new StringContent(new JsonObject { ["query"] = Query }.ToJsonString(), Encoding.UTF8, "application/json"));
            if (!query.IsSuccessStatusCode) return false;
            answer = JsonNode.Parse(await query.Content.ReadAsStringAsync())!["value"]!.ToJsonString();
            return true;
        }, TimeSpan.FromSeconds(45), alive);
        return (twins, answer);
    }
}
