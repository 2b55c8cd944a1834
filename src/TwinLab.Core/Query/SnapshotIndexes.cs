using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Read-optimised views of a snapshot that queries build once and reuse: the twins as an array sorted by id, and the
/// relationships as sorted arrays per twin. Snapshots are immutable, and a snapshot whose twins (or relationships) did
/// not change shares the same dictionary, so each view is cached per dictionary instance.
/// </summary>
/// <remarks>
/// A view is built only for large graphs and only when the same dictionary is queried a second time, so a workload
/// that writes between every query never pays for a view it would not reuse; until then queries read the persistent
/// dictionaries directly. Entries die with their dictionaries. Thread-safe: concurrent first builders may both build;
/// one wins.
/// </remarks>
internal static class SnapshotIndexes
{
    /// <summary>Below this many twins or relationships, the dictionaries are fast enough: no view.</summary>
    internal const int MinSize = 4096;

    private sealed class Entry<T>
        where T : class
    {
        public int Uses;
        public volatile T? Value;
    }

    private static readonly ConditionalWeakTable<ImmutableDictionary<string, Twin>, Entry<Twin[]>> SortedTwinsTable = new();

    private static readonly ConditionalWeakTable<ImmutableDictionary<string, ImmutableDictionary<string, Relationship>>, Entry<Adjacency>> AdjacencyTable = new();

    /// <summary>The twins sorted ordinally by id, or <c>null</c> when the caller should read the dictionary this time.</summary>
    public static Twin[]? SortedTwins(ImmutableDictionary<string, Twin> twins)
    {
        if (twins.Count < MinSize) return null;
        return Get(SortedTwinsTable, twins, static d =>
        {
            var array = new Twin[d.Count];
            var i = 0;
            foreach (var (_, t) in d) array[i++] = t;
            Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            return array;
        });
    }

    /// <summary>Sorted relationship arrays per twin, or <c>null</c> when the caller should read the dictionaries this time.</summary>
    public static Adjacency? Adjacency(GraphSnapshot graph)
    {
        if (graph.Outgoing.Count < MinSize / 4) return null;
        return Get(AdjacencyTable, graph.Outgoing, static o => new Adjacency(o));
    }

    private static TValue? Get<TKey, TValue>(ConditionalWeakTable<TKey, Entry<TValue>> table, TKey key, Func<TKey, TValue> build)
        where TKey : class
        where TValue : class
    {
        var entry = table.GetValue(key, static _ => new Entry<TValue>());
        if (entry.Value is { } value) return value;
        if (Interlocked.Increment(ref entry.Uses) < 2) return null;
        value = build(key);
        entry.Value = value;
        return value;
    }
}

/// <summary>Each twin's outgoing relationships sorted by (target, id) and incoming ones sorted by (source, id).</summary>
internal sealed class Adjacency
{
    /// <summary>Outgoing relationships by source twin id, sorted by target id then relationship id.</summary>
    public Dictionary<string, Relationship[]> Outgoing { get; }

    /// <summary>Incoming relationships by target twin id, sorted by source id then relationship id.</summary>
    public Dictionary<string, Relationship[]> Incoming { get; }

    /// <summary>Builds the arrays from the outgoing index (which holds every relationship).</summary>
    public Adjacency(ImmutableDictionary<string, ImmutableDictionary<string, Relationship>> outgoing)
    {
        Outgoing = new Dictionary<string, Relationship[]>(outgoing.Count, StringComparer.Ordinal);
        var incoming = new Dictionary<string, List<Relationship>>(outgoing.Count, StringComparer.Ordinal);
        foreach (var (source, rels) in outgoing)
        {
            var array = new Relationship[rels.Count];
            var i = 0;
            foreach (var (_, r) in rels)
            {
                array[i++] = r;
                if (!incoming.TryGetValue(r.TargetId, out var list)) incoming[r.TargetId] = list = new List<Relationship>(2);
                list.Add(r);
            }
            if (array.Length > 1) Array.Sort(array, ByTarget);
            Outgoing[source] = array;
        }
        Incoming = new Dictionary<string, Relationship[]>(incoming.Count, StringComparer.Ordinal);
        foreach (var (target, list) in incoming)
        {
            var array = list.ToArray();
            if (array.Length > 1) Array.Sort(array, BySource);
            Incoming[target] = array;
        }
    }

    private static readonly Comparison<Relationship> ByTarget = static (a, b) =>
    {
        var c = string.CompareOrdinal(a.TargetId, b.TargetId);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    };

    private static readonly Comparison<Relationship> BySource = static (a, b) =>
    {
        var c = string.CompareOrdinal(a.SourceId, b.SourceId);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    };
}
