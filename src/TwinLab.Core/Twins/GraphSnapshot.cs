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
    public required ImmutableDictionary<string, Twin> Twins { get; init; }
    /// <summary>Outgoing relationships: source twin id → relationship id → relationship.</summary>
    public required ImmutableDictionary<string, ImmutableDictionary<string, Relationship>> Outgoing { get; init; }
    /// <summary>Incoming relationships: target twin id → keys of the relationships that point at it.</summary>
    public required ImmutableDictionary<string, ImmutableHashSet<RelationshipKey>> Incoming { get; init; }
    /// <summary>Monotonic version: incremented by every write; ETags derive from it.</summary>
    public required long Version { get; init; }

    /// <summary>The empty graph.</summary>
    public static GraphSnapshot Empty { get; } = new()
    {
        Models = ModelSet.Empty,
        Twins = ImmutableDictionary.Create<string, Twin>(StringComparer.Ordinal),
        Outgoing = ImmutableDictionary.Create<string, ImmutableDictionary<string, Relationship>>(StringComparer.Ordinal),
        Incoming = ImmutableDictionary.Create<string, ImmutableHashSet<RelationshipKey>>(StringComparer.Ordinal),
        Version = 0,
    };

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
