using TwinLab.Core.Collections;
using System.Collections.Immutable;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

/// <summary>
/// The live, writable twin graph: models, twins, relationships, with every write validated against the models.
/// </summary>
/// <remarks>
/// <para>Single writer: not thread-safe for concurrent writes; take a <see cref="Snapshot"/> to read from other threads.</para>
/// <para>State is held in persistent collections driven through their builders, so writes mutate in place only the
/// nodes created since the last snapshot. <see cref="Snapshot"/> freezes those nodes (cost proportional to the changes
/// since the last snapshot) and a graph started from a snapshot shares all of it: forking is cheap, which is what
/// branches are built on.</para>
/// <para>Every successful write appends a <see cref="GraphChange"/> to <see cref="PendingChanges"/>; a store persists them.
/// A failed write throws <see cref="TwinLabException"/> and changes nothing.</para>
/// </remarks>
public sealed partial class TwinGraph
{
    private readonly TimeProvider _time;
    private readonly List<GraphChange> _changes = [];
    private ModelSet _models = ModelSet.Empty;
    private PersistentMap<Twin>.Builder _twins = null!;
    private PersistentMap<ImmutableDictionary<string, Relationship>>.Builder _outgoing = null!;
    private PersistentMap<ImmutableHashSet<RelationshipKey>>.Builder _incoming = null!;
    private long _version;
    private int _relationshipCount;

    /// <summary>Creates an empty graph.</summary>
    public TwinGraph(TimeProvider? time = null) : this(GraphSnapshot.Empty, time)
    {
    }

    /// <summary>Creates a graph that starts from <paramref name="snapshot"/> (shares its structure; O(1)).</summary>
    public TwinGraph(GraphSnapshot snapshot, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Restore(snapshot);
    }

    /// <summary>The models.</summary>
    public ModelSet Models => _models;

    /// <summary>Number of twins.</summary>
    public int TwinCount => _twins.Count;

    /// <summary>Number of relationships.</summary>
    public int RelationshipCount => _relationshipCount;

    /// <summary>The graph's version: incremented by every write.</summary>
    public long Version => _version;

    /// <summary>Changes made since the last <see cref="TakeChanges"/>.</summary>
    public IReadOnlyList<GraphChange> PendingChanges => _changes;

    /// <summary>Returns and clears the pending changes.</summary>
    public IReadOnlyList<GraphChange> TakeChanges()
    {
        var copy = _changes.ToArray();
        _changes.Clear();
        return copy;
    }

    /// <summary>An immutable view of the current state.</summary>
    public GraphSnapshot Snapshot() => new()
    {
        Models = _models,
        Twins = _twins.ToImmutable(),
        Outgoing = _outgoing.ToImmutable(),
        Incoming = _incoming.ToImmutable(),
        RelationshipCount = _relationshipCount,
        Version = _version,
    };

    /// <summary>Resets the graph to <paramref name="snapshot"/> and drops pending changes (used to roll back a failed batch).</summary>
    public void Restore(GraphSnapshot snapshot)
    {
        _models = snapshot.Models;
        _twins = snapshot.Twins.ToBuilder();
        _outgoing = snapshot.Outgoing.ToBuilder();
        _incoming = snapshot.Incoming.ToBuilder();
        _version = snapshot.Version;
        _relationshipCount = snapshot.RelationshipCount;
        _changes.Clear();
    }

    /// <summary>
    /// Moves the version forward to at least <paramref name="version"/>. The service aligns a graph with the store's last
    /// sequence number before each write, so every change's version (and ETag) equals the sequence number of its event.
    /// </summary>
    public void AdvanceVersionTo(long version)
    {
        if (version > _version) _version = version;
    }

    private string NextETag() => $"W/\"{++_version}\"";

    private DateTimeOffset Now() => _time.GetUtcNow();

    private static void CheckIfMatch(string? ifMatch, string currentETag, string what)
    {
        if (ifMatch is null || ifMatch == "*") return;
        if (!string.Equals(ifMatch, currentETag, StringComparison.Ordinal))
            throw new TwinLabException(ErrorCodes.PreconditionFailed,
                $"If-Match {ifMatch} does not match the current ETag {currentETag} of {what}; nothing was changed.");
    }
}
