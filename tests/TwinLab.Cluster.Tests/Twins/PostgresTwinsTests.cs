using System.Globalization;
using System.Text.Json;
using Orleans.TestingHost;
using TwinLab.Cluster.Hosting;
using TwinLab.Cluster.Tests.Hosting;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Postgres;

namespace TwinLab.Cluster.Tests.Twins;

/// <summary>
/// Twins on a cluster whose silos each open their own <see cref="PostgresTwinStore"/> on one fresh schema, as
/// <c>serve --cluster</c> nodes with <c>membership: postgres</c> do: a lost silo, or the whole cluster restarted, loses no
/// twin, ETag or relationship; ETags are the sequence numbers of the events that made them, whichever silo wrote; the
/// log records the caller. Skips without <c>TWINLAB_POSTGRES</c>.
/// </summary>
public sealed class PostgresTwinsTests : IDisposable
{
    private const string Actor = "api:alice";
    private readonly PostgresTestSchema _schema = new();

    [SkippableFact]
    public async Task SiloKilled_ThenWholeClusterRestarted_TwinsETagsRelationshipsAndQueriesIntact()
    {
        var server = PostgresTestSchema.Require();
        var cluster = await TestClusters.StartAsync(3, () => PostgresTwinStore.Open(server, _schema.TwinsName));
        try
        {
            ClusterWriteContext.Set(new WriteContext(Actor));
            using var file = JsonDocument.Parse(Examples.Read("building/twins.json"));
            await ExampleGraphs.LoadAsync(cluster.Client, "main", Models(), file.RootElement);
            var ids = file.RootElement.GetProperty("twins").EnumerateArray().Select(t => t.GetProperty("$dtId").GetString()!).ToArray();
            // A second write to every twin, so each has an earlier ETag that must never come back.
            var first = new Dictionary<string, string>();
            foreach (var id in ids)
            {
                first[id] = (await Twin(cluster, id).GetAsync())!.ETag;
                await Twin(cluster, id).PatchAsync(Rename(id, "renamed"));
            }
            var before = await ReadAllAsync(cluster, ids);
            AssertETagsAreTheirEventsSequences(before);

            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
            var afterKill = await TestClusters.PollAsync(() => ReadAllAsync(cluster, ids), _ => true, TimeSpan.FromMinutes(2));
            Assert.Equal(before, afterKill);

            // Each twin written once more, wherever its grain now lives (re-activated on a survivor for the lost silo's
            // twins, whose store view is older than the log): the new ETag is the new event's number, above the old one,
            // and an If-Match with the old ETag is refused.
            foreach (var id in ids)
            {
                var old = before.Twins[id].ETag;
                var stale = await Assert.ThrowsAsync<TwinRejectedException>(() =>
                    Twin(cluster, id).PatchAsync(Rename(id, "stale"), first[id]));
                Assert.Equal(ErrorCodes.PreconditionFailed, stale.Code);
                var patched = await Twin(cluster, id).PatchAsync(Rename(id, "again"), old);
                Assert.True(Sequence(patched.ETag) > Sequence(old), $"{id}: {patched.ETag} after {old}");
                var again = await Assert.ThrowsAsync<TwinRejectedException>(() =>
                    Twin(cluster, id).PatchAsync(Rename(id, "stale"), old));
                Assert.Equal(ErrorCodes.PreconditionFailed, again.Code);
            }
            var written = await ReadAllAsync(cluster, ids);
            AssertETagsAreTheirEventsSequences(written);

            // The whole cluster stopped; a new one (fresh silos, fresh store instances) reads everything back from PostgreSQL.
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            cluster = await TestClusters.StartAsync(2, () => PostgresTwinStore.Open(server, _schema.TwinsName));
            Assert.Equal(written, await ReadAllAsync(cluster, ids));

            // The log names the caller on every write, models included, from whichever silo wrote.
            using var store = PostgresTwinStore.Open(server, _schema.TwinsName);
            var events = store.ReadEvents(new EventFilter(BranchInfo.Main));
            Assert.Equal(1 + ids.Length * 3 + file.RootElement.GetProperty("relationships").GetArrayLength(), events.Count);
            Assert.All(events, e => Assert.Equal(Actor, e.Actor));
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// Two store instances on one schema, as two silos have: the second opened before the first writes, so its own view of
    /// the log's end is behind. Its writes still get ETags that are their events' numbers, above everything written.
    /// </summary>
    [SkippableFact]
    public async Task TwoStoreInstances_WriterWithAnOldView_ETagsAreTheAssignedSequences()
    {
        var server = PostgresTestSchema.Require();
        using var a = PostgresTwinStore.Open(server, _schema.TwinsName);
        using var b = PostgresTwinStore.Open(server, _schema.TwinsName);
        var onA = new TwinStoreAccess(a, TimeProvider.System);
        var onB = new TwinStoreAccess(b, TimeProvider.System);
        var models = new TwinGraph();
        await onA.WriteAsync(BranchInfo.Main, models, g => g.ImportModels(Models().Select(m => new DtdlSource(m))), new WriteContext("a"));
        for (var i = 0; i < 5; i++)
            await onA.WriteAsync(BranchInfo.Main, new TwinGraph(GraphSnapshot.Empty with { Models = models.Models }),
                g => g.CreateOrReplaceTwin($"room-{i}", Room(i)), new WriteContext("a"));
        Assert.Equal(0, b.LastSequence); // b's view: the log as it was when b opened.

        var graph = new TwinGraph(GraphSnapshot.Empty with { Models = models.Models });
        var made = await onB.WriteAsync(BranchInfo.Main, graph, g => g.CreateOrReplaceTwin("room-b", Room(9)), new WriteContext("b"));
        Assert.False(made.Duplicate);
        var written = Assert.IsType<TwinWritten>(Assert.Single(made.Changes));
        Assert.Equal("W/\"7\"", written.Twin.ETag);
        var stored = b.ReadEvents(new EventFilter(BranchInfo.Main, TwinId: "room-b")).Single();
        Assert.Equal((7L, "b"), (stored.Sequence, stored.Actor));

        // A refused write appends nothing and releases the store's lock: a's next write gets the next number.
        await Assert.ThrowsAsync<TwinRejectedException>(() => onB.WriteAsync(BranchInfo.Main, new TwinGraph(GraphSnapshot.Empty with { Models = models.Models }),
            g => g.UpdateTwin("room-b", JsonPatchDocument.Parse(JsonDocument.Parse("""[{"op": "replace", "path": "/occupancy", "value": "x"}]""").RootElement)),
            new WriteContext("b")));
        var next = await onA.WriteAsync(BranchInfo.Main, new TwinGraph(GraphSnapshot.Empty with { Models = models.Models }),
            g => g.CreateOrReplaceTwin("room-a", Room(1)), new WriteContext("a"));
        Assert.Equal("W/\"8\"", Assert.IsType<TwinWritten>(Assert.Single(next.Changes)).Twin.ETag);

        // An idempotency key already committed (by the other instance) makes nothing.
        await onA.WriteAsync(BranchInfo.Main, new TwinGraph(GraphSnapshot.Empty with { Models = models.Models }),
            g => g.CreateOrReplaceTwin("room-k", Room(2)), new WriteContext("a", "key-1"));
        var repeated = await onB.WriteAsync(BranchInfo.Main, new TwinGraph(GraphSnapshot.Empty with { Models = models.Models }),
            g => g.CreateOrReplaceTwin("room-k", Room(3)), new WriteContext("b", "key-1"));
        Assert.True(repeated.Duplicate);
        Assert.Equal(9, b.ReadEvents(new EventFilter(BranchInfo.Main)).Count);
    }

    /// <summary>A patch every twin of the example takes: a space's name, an air handling unit's manufacturer.</summary>
    private static string Rename(string id, string value) =>
        $$"""[{"op": "add", "path": "/{{(id.StartsWith("ahu-", StringComparison.Ordinal) ? "manufacturer" : "name")}}", "value": "{{value}}"}]""";

    private static JsonElement Room(int occupancy) => JsonDocument.Parse(
        """{"$metadata": {"$model": "dtmi:twinlab:example:Room;1"}, "name": "r", "thermostat": {"$metadata": {}}, "occupancy": """ + occupancy + "}").RootElement;

    /// <summary>Everything a client can read of the twins: each twin, its relationships both ways, and the suites' queries.</summary>
    private sealed record Reading(Dictionary<string, TwinReply> Twins, Dictionary<string, string> Relationships, Dictionary<string, string> Queries)
    {
        public bool Equals(Reading? other) => other is not null && Same(Twins, other.Twins) && Same(Relationships, other.Relationships) && Same(Queries, other.Queries);

        public override int GetHashCode() => Twins.Count;

        private static bool Same<T>(Dictionary<string, T> x, Dictionary<string, T> y) =>
            x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && Equals(p.Value, v));

        public override string ToString() => string.Join("\n", Twins.Select(p => $"{p.Key}: {p.Value.ETag}").Concat(Relationships.Values));
    }

    private static async Task<Reading> ReadAllAsync(TestCluster cluster, IReadOnlyList<string> ids)
    {
        var twins = new Dictionary<string, TwinReply>();
        var relationships = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            twins[id] = await Twin(cluster, id).GetAsync() ?? throw new InvalidOperationException($"Twin '{id}' is gone.");
            relationships[id] = string.Join("|", await Twin(cluster, id).ListRelationshipsAsync()) + " <- " + string.Join("|", await Twin(cluster, id).ListIncomingAsync());
        }
        var queries = new Dictionary<string, string>();
        var shards = new ClusterTwins(cluster.Client, new ClusterTwinOptions().IndexShards);
        foreach (var query in TwinGrainTests.QueriesOfTheSuites) queries[query] = string.Join("\n", await shards.QueryAsync("main", query));
        return new Reading(twins, relationships, queries);
    }

    private void AssertETagsAreTheirEventsSequences(Reading reading)
    {
        using var store = PostgresTwinStore.Open(PostgresTestSchema.Require(), _schema.TwinsName);
        foreach (var (id, reply) in reading.Twins)
        {
            var last = store.ReadEvents(new EventFilter(BranchInfo.Main, TwinId: id)).Last(e => e.Type == "TwinWritten" && e.TwinId == id);
            Assert.Equal($"W/\"{last.Sequence}\"", reply.ETag);
        }
    }

    private static long Sequence(string etag) => long.Parse(etag.AsSpan(3, etag.Length - 4), CultureInfo.InvariantCulture);

    private static ITwinGrain Twin(TestCluster cluster, string id) => cluster.Client.GetGrain<ITwinGrain>(TwinKey.Of("main", id));

    private static IReadOnlyList<string> Models() => ExampleGraphs.Models("building", "Space.json", "Room.json", "Building.json", "Equipment.json");

    public void Dispose() => _schema.Dispose();
}
