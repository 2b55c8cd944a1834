using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace TwinLab.Cluster.Hosting;

/// <summary>
/// Grain state kept in this process's memory, with ETags checked as a database checks them.
/// </summary>
/// <remarks>
/// Orleans' in-memory provider keeps each record in a storage grain placed on <em>any</em> silo, so losing one silo loses
/// the records it happened to hold — an experiment coordinator's progress vanished with a worker node. This one never
/// leaves the process: with localhost membership the coordinators are placed on the membership seed
/// (<see cref="Experiments.CoordinatorPlacement"/>), whose loss ends such a cluster anyway, so their state lives as long
/// as the cluster does. State is stored serialized, so two activations never share an object.
/// </remarks>
/// <param name="serializer">Orleans' serializer (records are copies, never the activation's object).</param>
/// <param name="records">Where the records are kept: the silo's own set by default; an in-process test cluster may give
/// all its silos one set, as a database would be shared.</param>
internal sealed class ProcessGrainStorage(Serializer serializer, ProcessGrainStorage.Records? records = null) : IGrainStorage
{
    private readonly Records _records = records ?? new Records();

    /// <summary>The records of one or more storages: serialized state and ETag per state name and grain.</summary>
    internal sealed class Records
    {
        private long _version;

        public ConcurrentDictionary<string, (byte[] State, string ETag)> Entries { get; } = new(StringComparer.Ordinal);

        /// <summary>Held while a write checks and replaces a record.</summary>
        public Lock Gate { get; } = new();

        /// <summary>Tests: called under <see cref="Gate"/> with the key and the writing silo's serializer just before each
        /// write is checked.</summary>
        public Action<string, Serializer>? BeforeWrite { get; set; }

        public string NextETag() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.Entries.TryGetValue(Key(stateName, grainId), out var stored))
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
        lock (_records.Gate)
        {
            _records.BeforeWrite?.Invoke(key, serializer);
            var current = _records.Entries.TryGetValue(key, out var stored) ? stored.ETag : null;
            if (current != grainState.ETag)
                throw new InconsistentStateException($"Stale write to {key}: stored ETag {current}, given {grainState.ETag}.", current, grainState.ETag);
            var etag = _records.NextETag();
            _records.Entries[key] = (serializer.SerializeToArray(grainState.State), etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_records.Gate) _records.Entries.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
