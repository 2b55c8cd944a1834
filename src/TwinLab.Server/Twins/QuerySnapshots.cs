using System.Runtime.CompilerServices;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Twins;

/// <summary>
/// The snapshots pages of queries were read from, by branch and log position, so the next page of a query reads
/// the same state without folding the log again when writes have moved it on. Weakly held: a snapshot no page
/// needs any more is left to the collector (snapshots share structure with the current state, so a recent one
/// costs little while it lives).
/// </summary>
internal sealed class QuerySnapshots
{
    private const int Size = 16;
    private static readonly ConditionalWeakTable<TwinService, QuerySnapshots> ByService = new();
    private readonly TwinService _service;
    private readonly (string Branch, long Sequence, WeakReference<GraphSnapshot> Snapshot)?[] _entries = new (string, long, WeakReference<GraphSnapshot>)?[Size];
    private int _next;

    private QuerySnapshots(TwinService service) => _service = service;

    public static QuerySnapshots For(TwinService service) => ByService.GetValue(service, static s => new QuerySnapshots(s));

    /// <summary>The branch's state as of the position (<see cref="TwinService.SnapshotOf"/>), from the cache when it is there.</summary>
    public GraphSnapshot Get(string branch, long sequence)
    {
        lock (_entries)
        {
            foreach (var e in _entries)
                if (e is { } entry && entry.Sequence == sequence && entry.Branch == branch && entry.Snapshot.TryGetTarget(out var known))
                    return known;
        }
        // A position past the end of the log reads the current state, which later writes change: not kept.
        var last = _service.LastSequence;
        var snapshot = _service.SnapshotOf(branch, sequence);
        if (sequence > last) return snapshot;
        lock (_entries)
        {
            _entries[_next] = (branch, sequence, new WeakReference<GraphSnapshot>(snapshot));
            _next = (_next + 1) % Size;
        }
        return snapshot;
    }
}
