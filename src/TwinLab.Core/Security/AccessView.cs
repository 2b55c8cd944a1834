using System.Collections.Concurrent;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Security;

/// <summary>
/// One caller's view of one snapshot: which twins and relationships it may read, write or run experiments on.
/// </summary>
/// <remarks>
/// Thread-safe. The first question about READ computes the readable set once (O(twins × rules), with the twins of each
/// <c>tree:</c> resource found by one walk); after that <see cref="CanRead(string)"/> is one hash lookup. A caller granted READ on
/// <c>*</c> with nothing narrower revoked (or with no READ grant at all) needs no set: every answer is a constant. Keep a
/// view per snapshot version and caller (the server caches them) rather than building one per twin.
/// </remarks>
public sealed class AccessView
{
    private readonly CallerAccess _caller;
    private readonly GraphSnapshot _snapshot;
    private readonly ConcurrentDictionary<PolicyResource, HashSet<string>> _trees = new();
    private readonly Lazy<HashSet<string>?> _readable;
    private readonly Lazy<GraphSnapshot> _visible;
    private readonly bool _readsAll, _readsNone;

    internal AccessView(CallerAccess caller, GraphSnapshot snapshot)
    {
        _caller = caller;
        _snapshot = snapshot;
        _readsAll = caller.OnAllTwins(Permissions.Read);
        _readsNone = !_readsAll && caller.OnNoTwins(Permissions.Read);
        _readable = new(() => _readsAll || _readsNone ? null : [.. snapshot.Twins.Values.Where(t => Decide(Permissions.Read, t.Id).Allowed).Select(t => t.Id)]);
        _visible = new(BuildVisible);
    }

    /// <summary>The caller.</summary>
    public CallerAccess Caller => _caller;

    /// <summary>The snapshot seen.</summary>
    public GraphSnapshot Snapshot => _snapshot;

    /// <summary>Whether every twin and relationship is readable (no filtering needed).</summary>
    public bool ReadsEverything => _readsAll;

    /// <summary>Whether the caller may read every twin of this snapshot (as it is: a grant on the twins present is
    /// enough). What is computed from the whole graph — an experiment's results — is readable only then.</summary>
    public bool ReadsWholeSnapshot => _readsAll || (_readsNone ? _snapshot.Twins.Count == 0 : _readable.Value!.Count == _snapshot.Twins.Count);

    /// <summary>Whether the caller may read twin <paramref name="twinId"/> (an absent twin is judged by its id alone).</summary>
    public bool CanRead(string twinId)
    {
        if (_readsAll) return true;
        if (_readsNone) return false;
        return _snapshot.Twins.ContainsKey(twinId) ? _readable.Value!.Contains(twinId) : Decide(Permissions.Read, twinId).Allowed;
    }

    /// <summary>Whether the caller may read a relationship: it needs READ on both its source and its target, so a
    /// relationship does not reveal a twin the caller cannot see.</summary>
    public bool CanRead(Relationship relationship) => CanRead(relationship.SourceId) && CanRead(relationship.TargetId);

    /// <summary>Whether the caller may create, change or delete a relationship from <paramref name="sourceId"/> to
    /// <paramref name="targetId"/>: WRITE on the source, READ on the target.</summary>
    public bool CanWriteRelationship(string sourceId, string targetId) => Decide(Permissions.Write, sourceId).Allowed && CanRead(targetId);

    /// <summary>Decides <paramref name="permission"/> on twin <paramref name="twinId"/>: on the twin as it is in the snapshot,
    /// or, when absent (about to be created, or already deleted), on its id and <paramref name="modelId"/>.</summary>
    public AccessDecision Decide(Permissions permission, string twinId, string? modelId = null)
    {
        if (_caller.IsUnrestricted) return AccessDecision.Unrestricted;
        var present = _snapshot.Twins.TryGetValue(twinId, out var twin);
        var model = present ? twin!.ModelId : modelId;
        return AccessDecision.Decide(permission, _caller.Rules.Where(r => Matches(r.Resource, twinId, model, present)));
    }

    /// <summary>
    /// The snapshot with only what the caller may read: the readable twins and the relationships whose both ends are
    /// readable (models are kept: they are not twins). Queries run on it, so no WHERE, JOIN, COUNT or IS_OF_MODEL can
    /// reveal a hidden twin. Built once per view; the snapshot itself when everything is readable.
    /// </summary>
    public GraphSnapshot Visible => _readsAll ? _snapshot : _visible.Value;

    private GraphSnapshot BuildVisible()
    {
        var twins = _readsNone ? [] : _snapshot.Twins.Values.Where(t => CanRead(t.Id)).ToList();
        var relationships = _readsNone ? [] : _snapshot.Relationships.Where(CanRead).ToList();
        return GraphSnapshotFactory.Build([], twins, relationships, _snapshot.Version) with { Models = _snapshot.Models };
    }

    private bool Matches(PolicyResource resource, string twinId, string? modelId, bool present) => resource.Kind switch
    {
        ResourceKind.Everything => true,
        ResourceKind.Model => modelId is not null && _snapshot.Models.IsAssignableTo(modelId, resource.Value),
        ResourceKind.TwinPrefix => twinId.StartsWith(resource.Value, StringComparison.Ordinal),
        ResourceKind.Tree => twinId == resource.Value || (present && Tree(resource).Contains(twinId)),
        ResourceKind.Twin => twinId == resource.Value,
        _ => false,
    };

    /// <summary>The root and every twin reachable from it by outgoing relationships (named as the resource says).</summary>
    private HashSet<string> Tree(PolicyResource tree) => _trees.GetOrAdd(tree, t =>
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!_snapshot.Twins.ContainsKey(t.Value)) return seen;
        var stack = new Stack<string>([t.Value]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!seen.Add(id)) continue;
            foreach (var r in _snapshot.OutgoingOf(id, t.Relationship))
                if (_snapshot.Twins.ContainsKey(r.TargetId)) stack.Push(r.TargetId);
        }
        return seen;
    });
}
