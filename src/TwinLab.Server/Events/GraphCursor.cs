using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Events;

/// <summary>
/// The graph as it stood just before each change of a write (or of a replayed stretch of the log): a snapshot plus the
/// twins, relationships and models changed since, so an update's patch and a deletion's last state come from the state
/// right before that change, not from before the whole write.
/// </summary>
internal sealed class GraphCursor(GraphSnapshot start)
{
    private readonly Dictionary<string, Twin?> _twins = new(StringComparer.Ordinal);
    private readonly Dictionary<RelationshipKey, Relationship?> _relationships = [];

    /// <summary>The models as of the current position.</summary>
    public ModelSet Models { get; private set; } = start.Models;

    /// <summary>A twin as of the current position, or <c>null</c>.</summary>
    public Twin? Twin(string id) =>
        _twins.TryGetValue(id, out var t) ? t : start.Twins.TryGetValue(id, out var s) ? s : null;

    /// <summary>A relationship as of the current position, or <c>null</c>.</summary>
    public Relationship? Relationship(string sourceId, string relationshipId) =>
        _relationships.TryGetValue(new RelationshipKey(sourceId, relationshipId), out var r) ? r
        : start.Outgoing.TryGetValue(sourceId, out var outgoing) && outgoing.TryGetValue(relationshipId, out var s) ? s : null;

    /// <summary>Moves past <paramref name="change"/>.</summary>
    public void Apply(GraphChange change)
    {
        switch (change)
        {
            case ModelsImported m:
                Models = Models.With(m.Models);
                break;
            case ModelDeleted d:
                Models = Models.Without(d.ModelId);
                break;
            case ModelDecommissioned d:
                Models = Models.WithDecommissioned(d.ModelId, d.Decommissioned);
                break;
            case TwinWritten t:
                _twins[t.Twin.Id] = t.Twin;
                break;
            case TwinDeleted t:
                _twins[t.TwinId] = null;
                break;
            case RelationshipWritten r:
                _relationships[new RelationshipKey(r.Relationship.SourceId, r.Relationship.Id)] = r.Relationship;
                break;
            case RelationshipDeleted r:
                _relationships[new RelationshipKey(r.SourceId, r.RelationshipId)] = null;
                break;
        }
    }
}
