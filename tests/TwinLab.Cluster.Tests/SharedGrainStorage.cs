using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;
using TwinLab.Cluster.Hosting;

namespace TwinLab.Cluster.Tests;

/// <summary>
/// Grain storage shared by every silo of an in-process test cluster and surviving the loss of any of them — what a
/// database gives a real cluster: <see cref="ProcessGrainStorage"/> over one set of records for the whole test process.
/// </summary>
internal static class SharedGrainStorage
{
    private static readonly ProcessGrainStorage.Records Records = new() { BeforeWrite = ApplyOtherWriter };

    /// <summary>Tests: another writer's change, made once, under the store's lock, just before a write to a grain whose key
    /// contains the entry's key and whose record exists (as a second activation's write would land). Set with
    /// <see cref="ChangeBeforeWrite{T}"/>.</summary>
    internal static readonly ConcurrentDictionary<string, Func<byte[], Serializer, byte[]>> BeforeWrite = new();

    /// <summary>Tests: makes another writer change the stored state of the grain whose key contains <paramref name="contains"/>.</summary>
    internal static void ChangeBeforeWrite<T>(string contains, Func<T, T> change) =>
        BeforeWrite[contains] = (stored, serializer) => serializer.SerializeToArray(change(serializer.Deserialize<T>(stored)!));

    /// <summary>A storage for one silo, over the shared records.</summary>
    public static IGrainStorage Create(Serializer serializer) => new ProcessGrainStorage(serializer, Records);

    /// <summary>Tests: the stored state of the grain whose key contains <paramref name="grainKey"/>.</summary>
    internal static T? Read<T>(Serializer serializer, string grainKey) =>
        Records.Entries.FirstOrDefault(e => e.Key.Contains(grainKey, StringComparison.Ordinal)) is { Key: not null } e ? serializer.Deserialize<T>(e.Value.State) : default;

    private static void ApplyOtherWriter(string key, Serializer serializer)
    {
        foreach (var (contains, change) in BeforeWrite)
            if (key.Contains(contains, StringComparison.Ordinal) && Records.Entries.TryGetValue(key, out var before) && BeforeWrite.TryRemove(contains, out _))
                Records.Entries[key] = (change(before.State, serializer), Records.NextETag());
    }
}
