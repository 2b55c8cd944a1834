namespace TwinLab.Core.Security;

/// <summary>One resource of one entry of one policy: the unit evaluation compares.</summary>
/// <param name="PolicyId">The policy the entry belongs to.</param>
/// <param name="Entry">The entry.</param>
/// <param name="Resource">One of the entry's resources.</param>
public sealed record PolicyRule(string PolicyId, PolicyEntry Entry, PolicyResource Resource)
{
    /// <summary>Whether the rule grants <paramref name="permission"/> (ADMIN granting every permission).</summary>
    public bool Grants(Permissions permission) => (PermissionNames.Effective(Entry.Grant) & permission) == permission;

    /// <summary>Whether the rule revokes <paramref name="permission"/>.</summary>
    public bool Revokes(Permissions permission) => (Entry.Revoke & permission) != 0;

    /// <summary>Whether the rule says anything about <paramref name="permission"/>.</summary>
    public bool Mentions(Permissions permission) => Grants(permission) || Revokes(permission);

    /// <summary>The rule as one line, e.g. <c>policy 'ops' entry 'readers': grant READ revoke WRITE on model:dtmi:x;1</c>.</summary>
    public override string ToString()
    {
        var grant = PermissionNames.Format(Entry.Grant);
        var revoke = PermissionNames.Format(Entry.Revoke);
        var what = string.Join(" ", new[] { grant.Count > 0 ? $"grant {string.Join(",", grant)}" : null, revoke.Count > 0 ? $"revoke {string.Join(",", revoke)}" : null }.OfType<string>());
        return $"policy '{PolicyId}' entry '{Entry.Label}': {what} on {Resource}";
    }
}

/// <summary>The answer to "may the caller do this", and the rule that decided it.</summary>
/// <param name="Allowed">Whether it is allowed.</param>
/// <param name="DecidedBy">The rule that decided, or <c>null</c> when no rule matched (denied) or access is unrestricted (allowed).</param>
public sealed record AccessDecision(bool Allowed, PolicyRule? DecidedBy)
{
    /// <summary>Allowed without any rule (<c>--dev</c>, or the local administrator).</summary>
    public static AccessDecision Unrestricted { get; } = new(true, null);

    /// <summary>Denied because no rule matched.</summary>
    public static AccessDecision NoMatch { get; } = new(false, null);

    /// <summary>Why, in one line.</summary>
    public string Explain() => DecidedBy switch
    {
        null when Allowed => "allowed: access is unrestricted",
        null => "denied: no policy entry grants it (nothing is allowed without a grant)",
        var r => $"{(Allowed ? "allowed" : "denied")} by {r}",
    };

    /// <summary>
    /// Evaluates <paramref name="permission"/> over the rules that match the caller and the resource: the most specific
    /// resource that grants or revokes the permission decides; at equal specificity a revoke wins; no such rule denies.
    /// </summary>
    public static AccessDecision Decide(Permissions permission, IEnumerable<PolicyRule> matching)
    {
        PolicyRule? best = null;
        var bestRevokes = false;
        foreach (var rule in matching)
        {
            if (!rule.Mentions(permission)) continue;
            var revokes = rule.Revokes(permission);
            var s = rule.Resource.Specificity;
            if (best is null || s > best.Resource.Specificity || (s == best.Resource.Specificity && revokes && !bestRevokes))
            {
                best = rule;
                bestRevokes = revokes;
            }
        }
        return best is null ? NoMatch : new AccessDecision(!bestRevokes, best);
    }
}
