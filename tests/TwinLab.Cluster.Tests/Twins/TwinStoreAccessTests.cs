using System.Globalization;
using Npgsql;
using TwinLab.Cluster.Tests.Hosting;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Storage.Postgres;

namespace TwinLab.Cluster.Tests.Twins;

/// <summary>
/// Group commit of a silo's twin writes (<see cref="TwinStoreAccess"/> over a <see cref="PostgresTwinStore"/>): many
/// concurrent patches on many twins of one silo are appended in a few transactions, every one committed, with dense and
/// unique sequence numbers and ETags that are those numbers; a patch the Core refuses, or a stale If-Match, fails alone; an
/// idempotency key sent twice at once is applied once. Skips without <c>TWINLAB_POSTGRES</c>.
/// </summary>
public sealed class TwinStoreAccessTests : IDisposable
{
    private const int Rooms = 40;
    private const int Patches = 240;
    private readonly PostgresTestSchema _schema = new();

    [SkippableFact]
    public async Task ConcurrentPatchesOnOneSilo_GroupCommitted_AllDurable_DenseSequences_ETagsTheStoredOnes_RefusedOnesAlone()
    {
        var server = PostgresTestSchema.Require();
        var cluster = await TestClusters.StartAsync(1, () => PostgresTwinStore.Open(server, _schema.TwinsName));
        try
        {
            var grains = cluster.GrainFactory;
            ClusterWriteContext.Set(new WriteContext("api:alice"));
            await grains.GetGrain<IModelsGrain>("main").ImportAsync(ExampleGraphs.Models("building", "Space.json", "Room.json", "Building.json", "Equipment.json"));
            await Task.WhenAll(Enumerable.Range(0, Rooms).Select(i => Room(grains, i).PutAsync(
                $$$"""{"$metadata": {"$model": "dtmi:twinlab:example:Room;1"}, "name": "Room {{{i}}}", "thermostat": {"$metadata": {}}, "occupancy": 0}""")));

            // Every patch at once, spread over the rooms; patch 50 breaks the model (occupancy is an integer), patch 100
            // names an ETag long gone (the models' import), and pairs 200–207 / 208–215 send one idempotency key to two rooms.
            var results = await Task.WhenAll(Enumerable.Range(0, Patches).Select(i => Task.Run(async () =>
            {
                ClusterWriteContext.Set(new WriteContext("api:alice", i >= 200 && i < 216 ? $"dup-{i % 8}" : null));
                var value = i == 50 ? "\"many\"" : i.ToString(CultureInfo.InvariantCulture);
                try
                {
                    return (i, Reply: await Room(grains, i % Rooms).PatchAsync($$"""[{"op": "replace", "path": "/occupancy", "value": {{value}}}]""",
                        i == 100 ? "W/\"1\"" : null), Error: (TwinRejectedException?)null);
                }
                catch (TwinRejectedException e)
                {
                    return (i, Reply: (TwinReply?)null, Error: e);
                }
            })));

            Assert.Equal(ErrorCodes.ValidationFailed, results[50].Error?.Code);
            Assert.Equal(ErrorCodes.PreconditionFailed, results[100].Error?.Code);
            Assert.All(results.Where(r => r.i is not 50 and not 100 and (< 200 or >= 216)), r => Assert.Null(r.Error));
            // A key sent to two rooms at once: whichever send comes first is applied, the other is refused as a key used
            // for another twin (whether the two met in one batch or not), and writes nothing.
            for (var k = 0; k < 8; k++)
            {
                var pair = new[] { results[200 + k], results[208 + k] };
                Assert.Single(pair, r => r.Error is null);
                Assert.Equal(ErrorCodes.InvalidArgument, Assert.Single(pair, r => r.Error is not null).Error!.Code);
            }

            using var store = PostgresTwinStore.Open(server, _schema.TwinsName);
            var events = store.ReadEvents(new EventFilter(BranchInfo.Main));
            // The models, the rooms, every accepted patch but the eight second sends of a key: each once, numbered 1, 2, 3, …
            Assert.Equal(1 + Rooms + Patches - 2 - 8, events.Count);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            for (var k = 0; k < 8; k++) Assert.Single(events, e => e.IdempotencyKey == $"dup-{k}");

            // Each accepted patch's ETag is the number of the event that recorded it; a room's ETag now is its last event's.
            var written = events.Where(e => e.Type == "TwinWritten").ToDictionary(e => e.Sequence, e => e.TwinId);
            foreach (var (i, reply, _) in results.Where(r => r.Reply is not null))
                Assert.Equal(Id(i % Rooms), written[Sequence(reply!.ETag)]);
            // No two patches got one number.
            var single = results.Where(r => r.Reply is not null).Select(r => r.Reply!.ETag).ToList();
            Assert.Equal(Patches - 8 - 2, single.Count);
            Assert.Equal(single.Count, single.Distinct().Count());
            for (var room = 0; room < Rooms; room++)
                Assert.Equal($"W/\"{events.Last(e => e.TwinId == Id(room)).Sequence}\"", (await Room(grains, room).GetAsync())!.ETag);

            // Group commit: the patches shared transactions (one per event would be one transaction per patch).
            var transactions = Transactions(server, events[Rooms].Sequence);
            Assert.True(transactions < (Patches - 10) / 2, $"{transactions} transactions for {Patches - 10} patches");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>How many transactions wrote the events after <paramref name="afterSequence"/>.</summary>
    private long Transactions(string server, long afterSequence)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var cmd = new NpgsqlCommand($"SELECT count(DISTINCT xmin::text) FROM \"{_schema.TwinsName}\".events WHERE seq > $1;", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        return (long)cmd.ExecuteScalar()!;
    }

    private static ITwinGrain Room(IGrainFactory grains, int i) => grains.GetGrain<ITwinGrain>(TwinKey.Of("main", Id(i)));

    private static string Id(int i) => "room-" + i.ToString("D3", CultureInfo.InvariantCulture);

    private static long Sequence(string etag) => long.Parse(etag.AsSpan(3, etag.Length - 4), CultureInfo.InvariantCulture);

    public void Dispose() => _schema.Dispose();
}
