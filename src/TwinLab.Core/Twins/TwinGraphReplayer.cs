using System.Collections.Immutable;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

/// <summary>
/// Applies recorded <see cref="GraphChange"/>s to a snapshot without re-validating them (they were validated when made).
/// </summary>
/// <remarks>Used by stores to keep their state and, later, to fold an event log into state.</remarks>
public sealed class TwinGraphReplayer(GraphSnapshot start)
{
    private ModelSet _models = start.Models;
    private readonly ImmutableDictionary<string, Twin>.Builder _twins = start.Twins.ToBuilder();
    private readonly ImmutableDictionary<string, ImmutableDictionary<string, Relationship>>.Builder _outgoing = start.Outgoing.ToBuilder();
    private readonly ImmutableDictionary<string, ImmutableHashSet<RelationshipKey>>.Builder _incoming = start.Incoming.ToBuilder();

    /// <summary>Applies one change; telemetry changes are ignored (telemetry is not part of the graph state).</summary>
    public void Apply(GraphChange change)
    {
        switch (change)
        {
            case ModelsImported m:
                _models = _models.With(m.Models);
                break;
            case ModelDeleted d:
                _models = _models.Without(d.ModelId);
                break;
            case ModelDecommissioned d:
                _models = _models.WithDecommissioned(d.ModelId, d.Decommissioned);
                break;
            case TwinWritten t:
                _twins[t.Twin.Id] = t.Twin;
                break;
            case TwinDeleted t:
                _twins.Remove(t.TwinId);
                break;
            case RelationshipWritten r:
                RemoveRelationship(r.Relationship.SourceId, r.Relationship.Id);
                var rels = _outgoing.TryGetValue(r.Relationship.SourceId, out var o) ? o : ImmutableDictionary.Create<string, Relationship>(StringComparer.Ordinal);
                _outgoing[r.Relationship.SourceId] = rels.SetItem(r.Relationship.Id, r.Relationship);
                var inc = _incoming.TryGetValue(r.Relationship.TargetId, out var i) ? i : ImmutableHashSet<RelationshipKey>.Empty;
                _incoming[r.Relationship.TargetId] = inc.Add(new RelationshipKey(r.Relationship.SourceId, r.Relationship.Id));
                break;
            case RelationshipDeleted r:
                RemoveRelationship(r.SourceId, r.RelationshipId);
                break;
        }
    }

    /// <summary>The state after the changes applied so far.</summary>
    public GraphSnapshot ToSnapshot(long version) => new()
    {
        Models = _models,
        Twins = _twins.ToImmutable(),
        Outgoing = _outgoing.ToImmutable(),
        Incoming = _incoming.ToImmutable(),
        Version = version,
    };

    private void RemoveRelationship(string sourceId, string relationshipId)
    {
        if (!_outgoing.TryGetValue(sourceId, out var rels) || !rels.TryGetValue(relationshipId, out var old)) return;
        rels = rels.Remove(relationshipId);
        if (rels.IsEmpty) _outgoing.Remove(sourceId);
        else _outgoing[sourceId] = rels;
        var inc = _incoming[old.TargetId].Remove(new RelationshipKey(sourceId, relationshipId));
        if (inc.IsEmpty) _incoming.Remove(old.TargetId);
        else _incoming[old.TargetId] = inc;
    }
}
