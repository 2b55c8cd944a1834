namespace TwinLab.Network.AttackGraph;

/// <summary>The primitive facts validated, interned to integers and indexed for the joins of the derivation.</summary>
internal sealed class FactIndex
{
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _vulnProperty = new(StringComparer.Ordinal);

    public FactIndex(AttackFacts facts, AttackGraphOptions options)
    {
        Facts = facts;
        Root = options.RootUser;
        Validate(facts, options);
        foreach (var h in facts.Services) MarkHost(h.Host);
        foreach (var h in facts.Vulnerabilities) MarkHost(h.Host);
        foreach (var h in facts.Accounts) MarkHost(h.Host);
        foreach (var h in facts.StoredCredentials) MarkHost(h.Host);
        foreach (var h in facts.CredentialValidity) MarkHost(h.Host);
        foreach (var h in facts.Trusts) { MarkHost(h.FromHost); MarkHost(h.ToHost); }
        foreach (var h in facts.ClientPrograms) MarkHost(h.Host);
        foreach (var h in facts.Assets) MarkHost(h.Host);
        foreach (var h in facts.HostGroups) MarkHost(h.Host);
        for (var i = 0; i < facts.HostGroups.Count; i++)
        {
            var g = facts.HostGroups[i];
            if (_names.TryGetValue(g.Group, out var gid) && IsHost.Contains(gid))
                throw new AttackFactException($"hostGroups[{i}].group", $"'{g.Group}' is also a host name");
            gid = Name(g.Group);
            IsGroup.Add(gid);
            Add(GroupsOfHost, Name(g.Host), (gid, i));
            Add(MembersOfGroup, gid, (Name(g.Host), i));
        }
        for (var i = 0; i < facts.VulnProperties.Count; i++)
            if (!_vulnProperty.TryAdd(facts.VulnProperties[i].VulnId, i))
                throw new AttackFactException($"vulnProperties[{i}].vulnId", $"'{facts.VulnProperties[i].VulnId}' has a vulnProperty already");
        for (var i = 0; i < facts.Hacls.Count; i++)
        {
            var h = facts.Hacls[i];
            var dst = Name(h.Destination);
            if (!IsHost.Contains(dst) && !IsGroup.Contains(dst))
                throw new AttackFactException($"hacls[{i}].destination", $"'{h.Destination}' is neither a host nor a host group");
            Add(HaclsFrom, Name(h.Source), i);
        }
        for (var i = 0; i < facts.Services.Count; i++)
        {
            var s = facts.Services[i];
            var host = Name(s.Host);
            Add(ServicesOnHost, host, i);
            Add(ServicesAt, (host, Name(s.Protocol.ToLowerInvariant()), s.Port), i);
        }
        for (var i = 0; i < facts.Vulnerabilities.Count; i++)
        {
            var v = facts.Vulnerabilities[i];
            if (!_vulnProperty.TryGetValue(v.VulnId, out var p))
                throw new AttackFactException($"vulnerabilities[{i}].vulnId", $"'{v.VulnId}' has no vulnProperty");
            VulnPropertyOf.Add(p);
            Add(VulnsOnHost, Name(v.Host), i);
            Add(VulnsOnProgram, (Name(v.Host), v.Program.ToLowerInvariant()), i);
        }
        for (var i = 0; i < facts.Accounts.Count; i++) Add(AccountsOnHost, Name(facts.Accounts[i].Host), i);
        for (var i = 0; i < facts.StoredCredentials.Count; i++) Add(CredentialsOnHost, Name(facts.StoredCredentials[i].Host), i);
        for (var i = 0; i < facts.CredentialValidity.Count; i++) Add(ValidityOfCredential, Name(facts.CredentialValidity[i].Credential), i);
        for (var i = 0; i < facts.Trusts.Count; i++) Add(TrustsFrom, Name(facts.Trusts[i].FromHost), i);
        for (var i = 0; i < facts.Assets.Count; i++)
            if (!AssetOfHost.TryAdd(Name(facts.Assets[i].Host), i))
                throw new AttackFactException($"assets[{i}].host", $"'{facts.Assets[i].Host}' is an asset already");
    }

    public AttackFacts Facts { get; }
    public string Root { get; }
    public List<string> Names { get; } = [];
    public HashSet<int> IsHost { get; } = [];
    public HashSet<int> IsGroup { get; } = [];
    public Dictionary<int, List<(int Group, int Fact)>> GroupsOfHost { get; } = [];
    public Dictionary<int, List<(int Host, int Fact)>> MembersOfGroup { get; } = [];
    public Dictionary<int, List<int>> HaclsFrom { get; } = [];
    public Dictionary<int, List<int>> ServicesOnHost { get; } = [];
    public Dictionary<(int Host, int Protocol, int Port), List<int>> ServicesAt { get; } = [];
    public List<int> VulnPropertyOf { get; } = [];
    public Dictionary<int, List<int>> VulnsOnHost { get; } = [];
    public Dictionary<(int Host, string Program), List<int>> VulnsOnProgram { get; } = [];
    public Dictionary<int, List<int>> AccountsOnHost { get; } = [];
    public Dictionary<int, List<int>> CredentialsOnHost { get; } = [];
    public Dictionary<int, List<int>> ValidityOfCredential { get; } = [];
    public Dictionary<int, List<int>> TrustsFrom { get; } = [];
    public Dictionary<int, int> AssetOfHost { get; } = [];

    /// <summary>The id of a name (host, group, place, user, protocol, credential), interning it.</summary>
    public int Name(string name)
    {
        if (_names.TryGetValue(name, out var id)) return id;
        id = Names.Count;
        _names.Add(name, id);
        Names.Add(name);
        return id;
    }

    /// <summary>The id of a name already interned, or -1.</summary>
    public int Find(string name) => _names.TryGetValue(name, out var id) ? id : -1;

    public static IReadOnlyList<T> Of<TKey, T>(Dictionary<TKey, List<T>> index, TKey key) where TKey : notnull =>
        index.TryGetValue(key, out var list) ? list : [];

    private void MarkHost(string host) => IsHost.Add(Name(host));

    private static void Add<TKey, T>(Dictionary<TKey, List<T>> index, TKey key, T value) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index.Add(key, list = []);
        list.Add(value);
    }

    private static void Validate(AttackFacts f, AttackGraphOptions options)
    {
        Probability(options.CredentialDumpProbability, "options.credentialDumpProbability");
        Probability(options.LoginProbability, "options.loginProbability");
        Hours(options.DefaultExploitHours, "options.defaultExploitHours");
        Hours(options.CredentialDumpHours, "options.credentialDumpHours");
        Hours(options.LoginHours, "options.loginHours");
        for (var i = 0; i < f.AttackerLocations.Count; i++) Text(f.AttackerLocations[i].Place, $"attackerLocations[{i}].place");
        for (var i = 0; i < f.Hacls.Count; i++)
        {
            var h = f.Hacls[i];
            Text(h.Source, $"hacls[{i}].source");
            Text(h.Destination, $"hacls[{i}].destination");
            Text(h.Protocol, $"hacls[{i}].protocol");
            Port(h.Port, $"hacls[{i}].port", allowAny: true);
        }
        for (var i = 0; i < f.HostGroups.Count; i++)
        {
            Text(f.HostGroups[i].Group, $"hostGroups[{i}].group");
            Text(f.HostGroups[i].Host, $"hostGroups[{i}].host");
        }
        for (var i = 0; i < f.Services.Count; i++)
        {
            var s = f.Services[i];
            Text(s.Host, $"services[{i}].host");
            Text(s.Program, $"services[{i}].program");
            Text(s.Protocol, $"services[{i}].protocol");
            Text(s.User, $"services[{i}].user");
            Port(s.Port, $"services[{i}].port", allowAny: false);
        }
        for (var i = 0; i < f.Vulnerabilities.Count; i++)
        {
            Text(f.Vulnerabilities[i].Host, $"vulnerabilities[{i}].host");
            Text(f.Vulnerabilities[i].VulnId, $"vulnerabilities[{i}].vulnId");
            Text(f.Vulnerabilities[i].Program, $"vulnerabilities[{i}].program");
        }
        for (var i = 0; i < f.VulnProperties.Count; i++)
        {
            var p = f.VulnProperties[i];
            Text(p.VulnId, $"vulnProperties[{i}].vulnId");
            Probability(p.ExploitProbability, $"vulnProperties[{i}].exploitProbability");
            if (p.ExploitTimeHours is { } hours) Hours(hours, $"vulnProperties[{i}].exploitTimeHours");
        }
        for (var i = 0; i < f.Accounts.Count; i++)
        {
            Text(f.Accounts[i].Host, $"accounts[{i}].host");
            Text(f.Accounts[i].User, $"accounts[{i}].user");
        }
        for (var i = 0; i < f.StoredCredentials.Count; i++)
        {
            Text(f.StoredCredentials[i].Credential, $"storedCredentials[{i}].credential");
            Text(f.StoredCredentials[i].Host, $"storedCredentials[{i}].host");
        }
        for (var i = 0; i < f.CredentialValidity.Count; i++)
        {
            Text(f.CredentialValidity[i].Credential, $"credentialValidity[{i}].credential");
            Text(f.CredentialValidity[i].Host, $"credentialValidity[{i}].host");
            Text(f.CredentialValidity[i].User, $"credentialValidity[{i}].user");
        }
        for (var i = 0; i < f.Trusts.Count; i++)
        {
            Text(f.Trusts[i].FromHost, $"trusts[{i}].fromHost");
            Text(f.Trusts[i].ToHost, $"trusts[{i}].toHost");
            Text(f.Trusts[i].User, $"trusts[{i}].user");
        }
        for (var i = 0; i < f.ClientPrograms.Count; i++)
        {
            Text(f.ClientPrograms[i].Host, $"clientPrograms[{i}].host");
            Text(f.ClientPrograms[i].Program, $"clientPrograms[{i}].program");
        }
        for (var i = 0; i < f.Assets.Count; i++)
        {
            Text(f.Assets[i].Host, $"assets[{i}].host");
            if (!double.IsFinite(f.Assets[i].Value) || f.Assets[i].Value < 0)
                throw new AttackFactException($"assets[{i}].value", $"must be a finite number ≥ 0, not {f.Assets[i].Value}");
        }
    }

    private static void Text(string? value, string element)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new AttackFactException(element, "must not be empty");
    }

    private static void Port(int port, string element, bool allowAny)
    {
        if (port < (allowAny ? 0 : 1) || port > 65535)
            throw new AttackFactException(element, $"port {port} is outside {(allowAny ? 0 : 1)}–65535");
    }

    private static void Probability(double p, string element)
    {
        if (!(p >= 0 && p <= 1)) throw new AttackFactException(element, $"probability {p} is outside [0, 1]");
    }

    private static void Hours(double h, string element)
    {
        if (!(h > 0) || !double.IsFinite(h)) throw new AttackFactException(element, $"hours {h} must be a finite number > 0");
    }
}
