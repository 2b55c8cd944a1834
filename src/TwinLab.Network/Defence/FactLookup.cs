using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>Indexes of one fact set by the names measures select on, each built on first use, so planning many
/// measures against the same facts costs one pass per index instead of one pass per measure.</summary>
internal sealed class FactLookup(AttackFacts facts)
{
    private Dictionary<string, List<int>>? _vulns, _servicesByHost, _haclsByDestination, _haclsBySource, _trusts, _credentials, _groupsOfHost;
    private Dictionary<string, HashSet<string>>? _members;

    public AttackFacts Facts { get; } = facts;

    public IReadOnlyList<int> VulnsWithId(string id) => Of(_vulns ??= By(Facts.Vulnerabilities, v => v.VulnId), id);
    public IReadOnlyList<int> ServicesOn(string host) => Of(_servicesByHost ??= By(Facts.Services, s => s.Host), host);
    public IReadOnlyList<int> HaclsTo(string place) => Of(_haclsByDestination ??= By(Facts.Hacls, h => h.Destination), place);
    public IReadOnlyList<int> HaclsFrom(string place) => Of(_haclsBySource ??= By(Facts.Hacls, h => h.Source), place);
    public IReadOnlyList<int> TrustsFrom(string host) => Of(_trusts ??= By(Facts.Trusts, t => t.FromHost), host);
    public IReadOnlyList<int> StoredCopies(string credential) => Of(_credentials ??= By(Facts.StoredCredentials, c => c.Credential), credential);
    public IReadOnlyList<int> GroupsOf(string host) => Of(_groupsOfHost ??= By(Facts.HostGroups, g => g.Host), host);

    /// <summary>Members per host group.</summary>
    public Dictionary<string, HashSet<string>> Members
    {
        get
        {
            if (_members is not null) return _members;
            _members = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var g in Facts.HostGroups)
            {
                if (!_members.TryGetValue(g.Group, out var set)) _members.Add(g.Group, set = new(StringComparer.Ordinal));
                set.Add(g.Host);
            }
            return _members;
        }
    }

    private static Dictionary<string, List<int>> By<T>(IReadOnlyList<T> list, Func<T, string> key)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var k = key(list[i]);
            if (!index.TryGetValue(k, out var l)) index.Add(k, l = []);
            l.Add(i);
        }
        return index;
    }

    private static IReadOnlyList<int> Of(Dictionary<string, List<int>> index, string key) =>
        index.TryGetValue(key, out var list) ? list : [];
}
