using TwinLab.Core.Collections;
using System.Collections.Immutable;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

/// <summary>Identifies a relationship: its source twin and its id.</summary>
public readonly record struct RelationshipKey(string SourceId, string RelationshipId);

/// <summary>
/// An immutable view of the whole twin graph at one version: models, twins and relationships.
/// </summary>
/// <remarks>
/// Built from persistent collections, so taking a snapshot of a <see cref="TwinGraph"/> and starting a new
/// graph from one cost time proportional to the changes since the last snapshot, not to the graph size.
/// Thread-safe; queries run on snapshots.
/// </remarks>
public sealed record GraphSnapshot
{
    /// <summary>The models.</summary>
    public required ModelSet Models { get; init; }
    /// <summary>Twins by id.</summary>
    public required PersistentMap<Twin> Twins { get; init; }
    /// <summary>Outgoing relationships: source twin id → relationship id → relationship.</summary>
    public required PersistentMap<ImmutableDictionary<string, Relationship>> Outgoing { get; init; }
    /// <summary>Incoming relationships: target twin id → keys of the relationships that point at it.</summary>
    public required PersistentMap<ImmutableHashSet<RelationshipKey>> Incoming { get; init; }
    /// <summary>Number of relationships (kept so a graph can start from a snapshot in O(1)).</summary>
    public int RelationshipCount { get; init; }
    /// <summary>Monotonic version: incremented by every write; ETags derive from it.</summary>
    public required long Version { get; init; }

    /// <summary>The empty graph.</summary>
    public static GraphSnapshot Empty { get; } = new()
    {
        Models = ModelSet.Empty,
        Twins = PersistentMap<Twin>.Empty,
        Outgoing = PersistentMap<ImmutableDictionary<string, Relationship>>.Empty,
        Incoming = PersistentMap<ImmutableHashSet<RelationshipKey>>.Empty,
        Version = 0,
    };

    /// <summary>Gets a twin.</summary>
    /// <exception cref="Errors.TwinLabException">No twin has that id.</exception>
    public Twin GetTwin(string id) => Twins.TryGetValue(id, out var t)
        ? t
        : throw new Errors.TwinLabException(Errors.ErrorCodes.DigitalTwinNotFound, $"Twin '{id}' not found.");

    /// <summary>Every relationship in the graph.</summary>
    public IEnumerable<Relationship> Relationships => Outgoing.Values.SelectMany(m => m.Values);

    /// <summary>Outgoing relationships of a twin, optionally only those with a given name.</summary>
    public IEnumerable<Relationship> OutgoingOf(string twinId, string? name = null)
    {
        if (!Outgoing.TryGetValue(twinId, out var rels)) return [];
        return name is null ? rels.Values : rels.Values.Where(r => r.Name == name);
    }

    /// <summary>Incoming relationships of a twin.</summary>
    public IEnumerable<Relationship> IncomingOf(string twinId)
    {
        if (!Incoming.TryGetValue(twinId, out var keys)) yield break;
        foreach (var k in keys)
            if (Outgoing.TryGetValue(k.SourceId, out var rels) && rels.TryGetValue(k.RelationshipId, out var r))
                yield return r;
    }
}

/// <summary>Builds snapshots from stored rows (used by stores when loading).</summary>
public static class GraphSnapshotFactory
{
    /// <summary>Builds a snapshot from models, twins and relationships.</summary>
    public static GraphSnapshot Build(IEnumerable<ModelEntry> models, IEnumerable<Twin> twins, IEnumerable<Relationship> relationships, long version)
    {
        var t = PersistentMap<Twin>.Empty.ToBuilder();
        foreach (var twin in twins) t[twin.Id] = twin;
        var outgoing = PersistentMap<ImmutableDictionary<string, Relationship>>.Empty.ToBuilder();
        var incoming = PersistentMap<ImmutableHashSet<RelationshipKey>>.Empty.ToBuilder();
        var count = 0;
        foreach (var r in relationships)
        {
            RelationshipIndex.Add(outgoing, incoming, r);
            count++;
        }
        return new GraphSnapshot
        {
            Models = ModelSet.Empty.With(models),
            Twins = t.ToImmutable(),
            Outgoing = outgoing.ToImmutable(),
            Incoming = incoming.ToImmutable(),
            RelationshipCount = count,
            Version = version,
        };
    }
}
