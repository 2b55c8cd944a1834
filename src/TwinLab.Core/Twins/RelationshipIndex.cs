using System.Collections.Immutable;
using TwinLab.Core.Collections;

namespace TwinLab.Core.Twins;

/// <summary>Keeps the outgoing and incoming relationship maps of a graph in step.</summary>
internal static class RelationshipIndex
{
    private static readonly ImmutableDictionary<string, Relationship> NoRelationships = ImmutableDictionary.Create<string, Relationship>(StringComparer.Ordinal);

    /// <summary>Adds (or replaces, when the key is new to both maps) a relationship.</summary>
    public static void Add(PersistentMap<ImmutableDictionary<string, Relationship>>.Builder outgoing,
        PersistentMap<ImmutableHashSet<RelationshipKey>>.Builder incoming, Relationship r)
    {
        var rels = outgoing.TryGetValue(r.SourceId, out var m) ? m : NoRelationships;
        outgoing[r.SourceId] = rels.SetItem(r.Id, r);
        var keys = incoming.TryGetValue(r.TargetId, out var k) ? k : ImmutableHashSet<RelationshipKey>.Empty;
        incoming[r.TargetId] = keys.Add(new RelationshipKey(r.SourceId, r.Id));
    }

    /// <summary>Removes a relationship; returns it, or <c>null</c> if it was not there.</summary>
    public static Relationship? Remove(PersistentMap<ImmutableDictionary<string, Relationship>>.Builder outgoing,
        PersistentMap<ImmutableHashSet<RelationshipKey>>.Builder incoming, string sourceId, string relationshipId)
    {
        if (!outgoing.TryGetValue(sourceId, out var rels) || !rels.TryGetValue(relationshipId, out var old)) return null;
        rels = rels.Remove(relationshipId);
        if (rels.IsEmpty) outgoing.Remove(sourceId);
        else outgoing[sourceId] = rels;
        var keys = incoming[old.TargetId].Remove(new RelationshipKey(sourceId, relationshipId));
        if (keys.IsEmpty) incoming.Remove(old.TargetId);
        else incoming[old.TargetId] = keys;
        return old;
    }
}
