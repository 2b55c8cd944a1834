using TwinLab.Core.Collections;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Read-optimised views of a snapshot that queries build once and reuse: the twins as an array sorted by id, numeric
/// property columns in that order, and the relationships as sorted arrays per twin. Snapshots are immutable, and a
/// snapshot whose twins (or relationships) did not change shares the same dictionary, so each view is cached per
/// dictionary instance.
/// </summary>
/// <remarks>
/// A view is built only for large graphs and only once the same dictionary is asked for it a second time, so a workload
/// that writes between every query never pays for a view it would not reuse. It is built on the thread pool, so no
/// query waits for it: until it is ready, queries read the persistent dictionaries directly (same rows, same order).
/// Entries die with their dictionaries. Thread-safe.
/// </remarks>
internal static class SnapshotIndexes
{
    /// <summary>Below this many twins or relationships, the dictionaries are fast enough: no view.</summary>
    internal const int MinSize = 4096;

    private static readonly ConditionalWeakTable<PersistentMap<Twin>, LazyView<TwinIndex>> TwinViews = new();

    private static readonly ConditionalWeakTable<PersistentMap<Twin>, ConcurrentDictionary<string, LazyView<NumberColumn>>> ColumnViews = new();

    private static readonly ConditionalWeakTable<PersistentMap<Twin>, ConcurrentDictionary<string, LazyView<StringValueIndex>>> StringViews = new();

    private static readonly ConditionalWeakTable<PersistentMap<ImmutableDictionary<string, Relationship>>, LazyView<Adjacency>> AdjacencyViews = new();

    /// <summary>The twins sorted by id and a hash lookup by id, or <c>null</c> when the caller should read the dictionary this time.</summary>
    public static TwinIndex? Twins(PersistentMap<Twin> twins)
    {
        if (twins.Count < MinSize) return null;
        return TwinViews.GetValue(twins, static _ => new LazyView<TwinIndex>()).Get(twins, static d => new TwinIndex(d));
    }

    /// <summary>
    /// The twins sorted by id with the values of a top-level property as numbers alongside, or <c>null</c> when the
    /// caller should read the dictionary this time.
    /// </summary>
    public static NumberColumn? NumberColumn(PersistentMap<Twin> twins, string property)
    {
        if (twins.Count < MinSize) return null;
        var columns = ColumnViews.GetValue(twins, static _ => new ConcurrentDictionary<string, LazyView<NumberColumn>>(StringComparer.Ordinal));
        return columns.GetOrAdd(property, static _ => new LazyView<NumberColumn>()).Get((twins, property), static s =>
        {
            var sorted = (TwinViews.TryGetValue(s.twins, out var view) ? view.Value : null)?.Sorted ?? TwinIndex.SortById(s.twins);
            var values = new double[sorted.Length];
            for (var i = 0; i < sorted.Length; i++)
                values[i] = sorted[i].Properties.TryGetValue(s.property, out var p)
                    && p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var d)
                    ? d
                    : double.NaN;
            return new NumberColumn(sorted, values);
        });
    }

    /// <summary>
    /// The twins sorted by id with, for each string value of a top-level property, the positions of the twins holding
    /// it; or <c>null</c> when the caller should scan this time.
    /// </summary>
    public static StringValueIndex? StringValues(PersistentMap<Twin> twins, string property)
    {
        if (twins.Count < MinSize) return null;
        var indexes = StringViews.GetValue(twins, static _ => new ConcurrentDictionary<string, LazyView<StringValueIndex>>(StringComparer.Ordinal));
        return indexes.GetOrAdd(property, static _ => new LazyView<StringValueIndex>()).Get((twins, property), static s =>
        {
            var sorted = (TwinViews.TryGetValue(s.twins, out var view) ? view.Value : null)?.Sorted ?? TwinIndex.SortById(s.twins);
            var lists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var i = 0; i < sorted.Length; i++)
            {
                if (!sorted[i].Properties.TryGetValue(s.property, out var p) || p.Value.ValueKind != JsonValueKind.String) continue;
                var value = p.Value.GetString()!;
                if (!lists.TryGetValue(value, out var list)) lists[value] = list = [];
                list.Add(i);
            }
            return new StringValueIndex(sorted, lists.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        });
    }

    /// <summary>Sorted relationship arrays per twin, or <c>null</c> when the caller should read the dictionaries this time.</summary>
    public static Adjacency? Adjacency(GraphSnapshot graph)
    {
        if (graph.Outgoing.Count < MinSize / 4) return null;
        return AdjacencyViews.GetValue(graph.Outgoing, static _ => new LazyView<Adjacency>()).Get(graph.Outgoing, static o => new Adjacency(o));
    }

    /// <summary>Completes when the views that queries on <paramref name="graph"/> have started building are ready (for tests).</summary>
    internal static Task WhenBuilt(GraphSnapshot graph)
    {
        var tasks = new List<Task?>();
        if (TwinViews.TryGetValue(graph.Twins, out var t)) tasks.Add(t.Building);
        if (ColumnViews.TryGetValue(graph.Twins, out var c)) tasks.AddRange(c.Values.Select(v => v.Building));
        if (StringViews.TryGetValue(graph.Twins, out var sv)) tasks.AddRange(sv.Values.Select(v => v.Building));
        if (AdjacencyViews.TryGetValue(graph.Outgoing, out var o)) tasks.Add(o.Building);
        return Task.WhenAll(tasks.OfType<Task>());
    }
}

/// <summary>
/// The twins sorted by id and one numeric property of each: <see cref="double.NaN"/> where the twin has no such
/// property or it is not a number.
/// </summary>
internal sealed record NumberColumn(Twin[] Twins, double[] Values);

/// <summary>The twins sorted by id, and for each string value of one property the positions (ascending) of the twins holding it.</summary>
internal sealed class StringValueIndex(Twin[] twins, Dictionary<string, int[]> positions)
{
    /// <summary>Every twin, ordinally by id.</summary>
    public Twin[] Twins { get; } = twins;

    /// <summary>The positions in <see cref="Twins"/> of the twins whose property equals one of <paramref name="values"/>
    /// (distinct), ascending, so the twins come out in id order.</summary>
    public int[] Positions(string[] values)
    {
        if (values.Length == 1) return positions.TryGetValue(values[0], out var one) ? one : [];
        var all = new List<int>();
        foreach (var v in values)
            if (positions.TryGetValue(v, out var p)) all.AddRange(p);
        var result = all.ToArray();
        Array.Sort(result);
        return result;
    }
}

/// <summary>A value built on the thread pool the second time it is asked for, and served from then on.</summary>
internal sealed class LazyView<T>
    where T : class
{
    private int _uses;
    private volatile T? _value;
    private Task? _building;

    /// <summary>The value if built.</summary>
    public T? Value => _value;

    /// <summary>The build, once started.</summary>
    public Task? Building => Volatile.Read(ref _building);

    /// <summary>The value, or <c>null</c> (starting the build in the background on the second call).</summary>
    public T? Get<TState>(TState state, Func<TState, T> build)
    {
        if (_value is { } value) return value;
        if (Interlocked.Increment(ref _uses) == 2)
            Volatile.Write(ref _building, Task.Run(() => _value = build(state)));
        return null;
    }
}

/// <summary>The twins of a snapshot sorted ordinally by id, and by id in a hash table (cheaper than the persistent dictionary).</summary>
internal sealed class TwinIndex
{
    /// <summary>Builds the index.</summary>
    public TwinIndex(PersistentMap<Twin> twins)
    {
        Sorted = SortById(twins);
        ById = new Dictionary<string, Twin>(twins.Count, StringComparer.Ordinal);
        foreach (var t in Sorted) ById[t.Id] = t;
    }

    /// <summary>Every twin, ordinally by id.</summary>
    public Twin[] Sorted { get; }

    /// <summary>Every twin by id.</summary>
    public Dictionary<string, Twin> ById { get; }

    /// <summary>The twins as an array sorted ordinally by id.</summary>
    public static Twin[] SortById(PersistentMap<Twin> twins)
    {
        var sorted = new Twin[twins.Count];
        var i = 0;
        foreach (var (_, t) in twins) sorted[i++] = t;
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return sorted;
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
    public Adjacency(PersistentMap<ImmutableDictionary<string, Relationship>> outgoing)
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
