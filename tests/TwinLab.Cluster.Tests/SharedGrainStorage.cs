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

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        lock (Gate)
        {
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
