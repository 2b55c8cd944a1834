using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>What one measure does to a fact set: indices of primitive facts removed (per list) and facts added. A
/// change that only removes is monotone — the attacker can derive nothing new — which the cut relies on.</summary>
internal sealed class FactChange
{
    public HashSet<int> Hacls { get; } = [];
    public HashSet<int> HostGroups { get; } = [];
    public HashSet<int> Services { get; } = [];
    public HashSet<int> Vulnerabilities { get; } = [];
    public HashSet<int> StoredCredentials { get; } = [];
    public HashSet<int> Trusts { get; } = [];
    public List<Hacl> AddedHacls { get; } = [];
    public List<HostGroup> AddedHostGroups { get; } = [];

    public bool RemovesOnly => AddedHacls.Count == 0 && AddedHostGroups.Count == 0;

    public int RemovedCount => Hacls.Count + HostGroups.Count + Services.Count + Vulnerabilities.Count
        + StoredCredentials.Count + Trusts.Count;

    public int AddedCount => AddedHacls.Count + AddedHostGroups.Count;

    /// <summary>The removed facts as attack-graph leaf keys.</summary>
    public IEnumerable<(LeafKind Kind, int Fact)> RemovedLeaves()
    {
        foreach (var i in Hacls) yield return (LeafKind.Hacl, i);
        foreach (var i in HostGroups) yield return (LeafKind.HostGroup, i);
        foreach (var i in Services) yield return (LeafKind.Service, i);
        foreach (var i in Vulnerabilities) yield return (LeafKind.Vulnerability, i);
        foreach (var i in StoredCredentials) yield return (LeafKind.StoredCredential, i);
        foreach (var i in Trusts) yield return (LeafKind.Trust, i);
    }

    public AttackFacts ApplyTo(AttackFacts f) => f with
    {
        Hacls = [.. Keep(f.Hacls, Hacls), .. AddedHacls],
        HostGroups = [.. Keep(f.HostGroups, HostGroups), .. AddedHostGroups],
        Services = Keep(f.Services, Services),
        Vulnerabilities = Keep(f.Vulnerabilities, Vulnerabilities),
        StoredCredentials = Keep(f.StoredCredentials, StoredCredentials),
        Trusts = Keep(f.Trusts, Trusts),
    };

    private static List<T> Keep<T>(IReadOnlyList<T> list, HashSet<int> removed)
    {
        if (removed.Count == 0) return [.. list];
        var kept = new List<T>(list.Count - removed.Count);
        for (var i = 0; i < list.Count; i++)
            if (!removed.Contains(i)) kept.Add(list[i]);
        return kept;
    }
}
