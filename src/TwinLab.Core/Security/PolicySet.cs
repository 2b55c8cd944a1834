namespace TwinLab.Core.Security;

/// <summary>Every policy in force, as one immutable value; <see cref="For"/> picks the rules that apply to a caller.</summary>
/// <param name="Policies">The policies.</param>
/// <param name="Stamp">Changes whenever the policies change (views computed under an older stamp are stale).</param>
public sealed record PolicySet(IReadOnlyList<AccessPolicy> Policies, long Stamp)
{
    /// <summary>No policies: nothing is allowed.</summary>
    public static PolicySet Empty { get; } = new([], 0);

    /// <summary>The access of a caller who answers to <paramref name="subjects"/> (e.g. <c>key:ci</c>, <c>group:ops</c>;
    /// <c>*</c> is added: every authenticated caller has it).</summary>
    public CallerAccess For(IEnumerable<string> subjects)
    {
        var mine = new HashSet<string>(subjects, StringComparer.Ordinal) { PolicySubjects.Anyone };
        var rules = (from p in Policies
                     from e in p.Entries
                     where e.Subjects.Any(mine.Contains)
                     from r in e.Resources
                     select new PolicyRule(p.Id, e, r)).ToArray();
        return new CallerAccess(rules, [.. mine.Order(StringComparer.Ordinal)], Stamp);
    }
}
