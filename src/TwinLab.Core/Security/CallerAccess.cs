using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Security;

/// <summary>
/// What one caller may do: the policy rules whose subjects include the caller. Answers for resources that do not depend
/// on the graph (<c>*</c>, a branch, a connection, a model document); <see cref="View"/> answers for twins of one snapshot.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CallerAccess
{
    private readonly PolicyRule[] _rules;

    internal CallerAccess(PolicyRule[] rules, IReadOnlyList<string> subjects, long stamp, bool unrestricted = false)
    {
        _rules = rules;
        Subjects = subjects;
        Key = $"{stamp}|{string.Join('\n', subjects)}";
        IsUnrestricted = unrestricted;
    }

    /// <summary>Everything allowed: <c>--dev</c> and the local CLI, which owns the database file anyway.</summary>
    public static CallerAccess Unrestricted { get; } = new([], [], 0, unrestricted: true);

    /// <summary>The subjects the caller answers to.</summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>Identifies the caller's rules (policy stamp and subjects): two callers with equal keys have equal access.</summary>
    public string Key { get; }

    /// <summary>Whether every check passes without looking at policies.</summary>
    public bool IsUnrestricted { get; }

    /// <summary>The rules that apply to the caller.</summary>
    public IReadOnlyList<PolicyRule> Rules => _rules;

    /// <summary>Whether the caller has <paramref name="permission"/> on everything (<c>*</c>) — e.g. ADMIN on <c>*</c> to manage policies.</summary>
    public AccessDecision OnEverything(Permissions permission) =>
        IsUnrestricted ? AccessDecision.Unrestricted : AccessDecision.Decide(permission, _rules.Where(r => r.Resource.Kind == ResourceKind.Everything));

    /// <summary>On branch <paramref name="name"/> (<c>*</c> or <c>branch:NAME</c>).</summary>
    public AccessDecision OnBranch(Permissions permission, string name) => Named(permission, ResourceKind.Branch, name);

    /// <summary>On live-sync connection <paramref name="name"/> (<c>*</c> or <c>connection:NAME</c>).</summary>
    public AccessDecision OnConnection(Permissions permission, string name) => Named(permission, ResourceKind.Connection, name);

    /// <summary>On the model document <paramref name="modelId"/>: <c>*</c>, or <c>model:M</c> where the model is M or derives from it.</summary>
    public AccessDecision OnModel(Permissions permission, string modelId, ModelSet models) =>
        IsUnrestricted ? AccessDecision.Unrestricted : AccessDecision.Decide(permission, _rules.Where(r => r.Resource.Kind switch
        {
            ResourceKind.Everything => true,
            ResourceKind.Model => models.IsAssignableTo(modelId, r.Resource.Value),
            _ => false,
        }));

    /// <summary>Whether <paramref name="permission"/> is allowed on every twin, whatever the graph (granted on <c>*</c>
    /// and revoked on nothing narrower): the fast path that needs no per-twin work.</summary>
    public bool OnAllTwins(Permissions permission) =>
        IsUnrestricted || (OnEverything(permission).Allowed && !_rules.Any(r => r.Resource.Kind != ResourceKind.Everything && r.Resource.CoversTwins && r.Revokes(permission)));

    /// <summary>Whether <paramref name="permission"/> is denied on every twin, whatever the graph (nothing grants it).</summary>
    public bool OnNoTwins(Permissions permission) =>
        !IsUnrestricted && !_rules.Any(r => r.Resource.CoversTwins && r.Grants(permission));

    /// <summary>The view of <paramref name="snapshot"/> this caller has (build once per snapshot and reuse it).</summary>
    public AccessView View(GraphSnapshot snapshot) => new(this, snapshot);

    private AccessDecision Named(Permissions permission, ResourceKind kind, string name) =>
        IsUnrestricted ? AccessDecision.Unrestricted : AccessDecision.Decide(permission,
            _rules.Where(r => r.Resource.Kind == ResourceKind.Everything || (r.Resource.Kind == kind && r.Resource.Value == name)));
}
