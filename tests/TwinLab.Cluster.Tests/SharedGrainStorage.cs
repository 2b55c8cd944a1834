using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace TwinLab.Cluster.Tests;

/// <summary>
/// Grain storage shared by every silo of an in-process test cluster and surviving the loss of any of them — what a
/// database gives a real cluster. (Orleans' in-memory provider keeps state in grains on the silos themselves, so losing
/// a silo can lose the coordinator's progress; that is the case this storage exists to test past.)
/// </summary>
/// <remarks>State is stored serialized, so activations never share an object; a stale ETag is refused as a database would.</remarks>
internal sealed class SharedGrainStorage(Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (byte[] State, string ETag)> Store = new();
    private static readonly Lock Gate = new();
    private static long _version;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Store.TryGetValue(Key(stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.State);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    /// <summary>Tests: another writer's change, made once, under the store's lock, just before a write to a grain whose key
    /// contains the entry's key and whose record exists (as a second activation's write would land).</summary>
    internal static readonly ConcurrentDictionary<string, Func<object, object>> BeforeWrite = new();

    /// <summary>Tests: the stored state of the grain whose key contains <paramref name="grainKey"/>.</summary>
    internal static T? Read<T>(Serializer serializer, string grainKey) =>
        Store.FirstOrDefault(e => e.Key.Contains(grainKey, StringComparison.Ordinal)) is { Key: not null } e ? serializer.Deserialize<T>(e.Value.State) : default;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        lock (Gate)
        {
            foreach (var (contains, change) in BeforeWrite)
                if (key.Contains(contains, StringComparison.Ordinal) && Store.TryGetValue(key, out var before) && BeforeWrite.TryRemove(contains, out _))
                    Store[key] = (serializer.SerializeToArray((T)change(serializer.Deserialize<T>(before.State)!)),
                        Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var current = Store.TryGetValue(key, out var stored) ? stored.ETag : null;
            if (current != grainState.ETag)
                throw new InconsistentStateException($"Stale write to {key}: stored ETag {current}, given {grainState.ETag}.", current, grainState.ETag);
            var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Store[key] = (serializer.SerializeToArray(grainState.State), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Store.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
