using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using TwinLab.Cluster.Hosting;

namespace TwinLab.Cluster.Tests.Hosting;

/// <summary>The coordinators' grain storage on a fresh PostgreSQL schema: round trip, optimistic concurrency, clearing.
/// Skips without <c>TWINLAB_POSTGRES</c>.</summary>
public sealed class PostgresGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("experiment", "run-1");
    private readonly PostgresTestSchema _schema = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    [SkippableFact]
    public async Task Write_ThenReadInAnotherStore_SameStateAndETag()
    {
        using var storage = Open();
        var state = new GrainState<Dictionary<string, double>> { State = new() { ["p0"] = 0.1 + 0.2 } };
        await storage.ReadStateAsync("s", Grain, state);
        Assert.False(state.RecordExists);
        await storage.WriteStateAsync("s", Grain, state);
        state.State["p1"] = double.Epsilon;
        await storage.WriteStateAsync("s", Grain, state);

        using var other = Open();
        var read = new GrainState<Dictionary<string, double>>();
        await other.ReadStateAsync("s", Grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(state.State, read.State);
    }

    [SkippableFact]
    public async Task Write_StaleETag_IsRefusedAndKeepsTheNewerState()
    {
        using var storage = Open();
        var first = new GrainState<string> { State = "a" };
        await storage.WriteStateAsync("s", Grain, first);
        var stale = new GrainState<string> { State = "stale", ETag = first.ETag };
        first.State = "b";
        await storage.WriteStateAsync("s", Grain, first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, stale));
        Assert.Equal(first.ETag, error.StoredEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, new GrainState<string> { State = "new" }));
        var read = new GrainState<string>();
        await storage.ReadStateAsync("s", Grain, read);
        Assert.Equal("b", read.State);
    }

    [SkippableFact]
    public async Task Clear_ThenWrite_ETagKeepsGrowing()
    {
        using var storage = Open();
        var state = new GrainState<string> { State = "a" };
        await storage.WriteStateAsync("s", Grain, state);
        var before = state.ETag;
        await storage.ClearStateAsync("s", Grain, state);
        Assert.False(state.RecordExists);

        var read = new GrainState<string>();
        await storage.ReadStateAsync("s", Grain, read);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        // A writer still holding the ETag from before the clear is refused: the counter did not restart.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain, new GrainState<string> { State = "old", ETag = before }));
        read.State = "c";
        await storage.WriteStateAsync("s", Grain, read);
        Assert.True(long.Parse(read.ETag!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(before!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private PostgresGrainStorage Open()
    {
        var config = _schema.Config();
        PostgresClusterSchema.Install(config);
        return PostgresGrainStorage.Create(PostgresClusterSchema.ConnectionString(config), "svc", _services.GetRequiredService<Serializer>());
    }

    public void Dispose()
    {
        _services.Dispose();
        _schema.Dispose();
    }
}
