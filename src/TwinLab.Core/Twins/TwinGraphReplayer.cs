using TwinLab.Core.Collections;
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
    private readonly PersistentMap<Twin>.Builder _twins = start.Twins.ToBuilder();
    private readonly PersistentMap<ImmutableDictionary<string, Relationship>>.Builder _outgoing = start.Outgoing.ToBuilder();
    private readonly PersistentMap<ImmutableHashSet<RelationshipKey>>.Builder _incoming = start.Incoming.ToBuilder();
    private int _relationshipCount = start.RelationshipCount;

    /// <summary>The models after the changes applied so far.</summary>
    public ModelSet Models => _models;

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
                if (RelationshipIndex.Remove(_outgoing, _incoming, r.Relationship.SourceId, r.Relationship.Id) is null) _relationshipCount++;
                RelationshipIndex.Add(_outgoing, _incoming, r.Relationship);
                break;
            case RelationshipDeleted r:
                if (RelationshipIndex.Remove(_outgoing, _incoming, r.SourceId, r.RelationshipId) is not null) _relationshipCount--;
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
        RelationshipCount = _relationshipCount,
        Version = version,
    };
}
