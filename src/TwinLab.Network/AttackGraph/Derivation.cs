namespace TwinLab.Network.AttackGraph;

/// <summary>
/// The Datalog-style fixpoint that derives the attack graph: semi-naive evaluation run as a worklist. Each newly
/// derived fact is the "delta" exactly once: when it is taken from the queue it is joined with the primitive facts
/// and with the derived facts already processed, so every rule application is found exactly once — when the last
/// of its derived premises is processed — and recorded as an AND node. Work is therefore linear in the number of
/// rule applications (plus index look-ups), which is the size of the graph.
/// </summary>
/// <remarks>
/// Reachability stated for host groups (<see cref="HostGroup"/>) is never expanded to host pairs: code execution on
/// any member derives one <c>groupFoothold(G)</c>, and each group-level <see cref="Hacl"/> then yields netAccess once
/// per matching service endpoint. Only endpoints where a <see cref="NetworkService"/> listens get a netAccess fact
/// (netAccess to a closed port derives nothing), so their number is bounded by the number of services.
/// </remarks>
internal sealed class Derivation
{
    private readonly FactIndex _ix;
    private readonly AttackGraphOptions _options;
    private readonly GraphStore _g;
    private readonly Queue<int> _queue = new();
    private readonly List<bool> _processed = [];
    private readonly HashSet<int> _exposed = [];
    private readonly Dictionary<int, List<int>> _canLoginOnHost = [];
    private readonly int _root;
    private readonly int _anyProtocol;

    private Derivation(FactIndex ix, AttackGraphOptions options)
    {
        _ix = ix;
        _options = options;
        _g = new GraphStore(ix);
        _root = ix.Name(options.RootUser);
        _anyProtocol = ix.Name("*");
    }

    public static GraphStore Run(FactIndex ix, AttackGraphOptions options)
    {
        var d = new Derivation(ix, options);
        d.Seed();
        while (d._queue.Count > 0) d.Process(d._queue.Dequeue());
        return d._g;
    }

    private AttackFacts F => _ix.Facts;

    private void Seed()
    {
        for (var i = 0; i < F.AttackerLocations.Count; i++)
        {
            var at = F.AttackerLocations[i];
            var place = _ix.Name(at.Place);
            var leaf = _g.Leaf(LeafKind.AttackerLocated, i);
            if (_ix.IsHost.Contains(place))
            {
                // A host start is an assumed breach: the phished laptop runs the attacker's code as its user.
                var user = at.User ?? FactIndex.Of(_ix.AccountsOnHost, place).Select(a => F.Accounts[a].User).FirstOrDefault() ?? "user";
                Derive(AttackRule.AssumedFoothold, AttackTechniques.Phishing, 1, 0,
                    new FactKey(DerivedFactKind.ExecCode, place, _ix.Name(user)), [leaf]);
                continue;
            }
            foreach (var h in FactIndex.Of(_ix.HaclsFrom, place))
                foreach (var endpoint in Endpoints(h))
                {
                    var node = Derive(AttackRule.DirectNetworkAccess, null, 1, 0, endpoint, [leaf, _g.Leaf(LeafKind.Hacl, h)]);
                    _exposed.Add(node);
                }
            // Remote-client exploits need an attacker outside who can send hostile content (mail, web) to the users.
            for (var c = 0; c < F.ClientPrograms.Count; c++)
            {
                var cp = F.ClientPrograms[c];
                var host = _ix.Name(cp.Host);
                foreach (var v in FactIndex.Of(_ix.VulnsOnProgram, (host, cp.Program.ToLowerInvariant())))
                {
                    var p = F.VulnProperties[_ix.VulnPropertyOf[v]];
                    if (p.Range != ExploitRange.RemoteClient || !GivesCode(p.Consequence)) continue;
                    foreach (var a in FactIndex.Of(_ix.AccountsOnHost, host))
                        Derive(AttackRule.ClientExploit, AttackTechniques.ExploitationForClientExecution, p.ExploitProbability,
                            ExploitHours(p), new FactKey(DerivedFactKind.ExecCode, host, _ix.Name(F.Accounts[a].User)),
                            [leaf, _g.Leaf(LeafKind.ClientProgram, c), _g.Leaf(LeafKind.Vulnerability, v),
                             _g.Leaf(LeafKind.VulnProperty, _ix.VulnPropertyOf[v]), _g.Leaf(LeafKind.Account, a)]);
                }
            }
        }
    }

    private void Process(int node)
    {
        while (_processed.Count <= node) _processed.Add(false);
        _processed[node] = true;
        var fact = _g.Ors[_g.Ref[node]];
        switch (fact.Kind)
        {
            case DerivedFactKind.ExecCode: ExecCode(node, fact.A, fact.B); break;
            case DerivedFactKind.NetAccess: NetAccess(node, fact.A, fact.B, fact.C); break;
            case DerivedFactKind.CanLogin: CanLogin(node, fact.A, fact.B); break;
            case DerivedFactKind.CredentialCompromised:
                foreach (var v in FactIndex.Of(_ix.ValidityOfCredential, fact.A))
                {
                    var cv = F.CredentialValidity[v];
                    Derive(AttackRule.ValidAccount, AttackTechniques.ValidAccounts, 1, 0,
                        new FactKey(DerivedFactKind.CanLogin, _ix.Name(cv.Host), _ix.Name(cv.User)),
                        [node, _g.Leaf(LeafKind.CredentialValidity, v)]);
                }
                break;
            case DerivedFactKind.GroupFoothold:
                foreach (var h in FactIndex.Of(_ix.HaclsFrom, fact.A))
                    foreach (var endpoint in Endpoints(h))
                        Derive(AttackRule.GroupHopAccess, null, 1, 0, endpoint, [node, _g.Leaf(LeafKind.Hacl, h)]);
                break;
        }
    }

    private void ExecCode(int node, int host, int user)
    {
        foreach (var v in FactIndex.Of(_ix.VulnsOnHost, host))
        {
            var pi = _ix.VulnPropertyOf[v];
            var p = F.VulnProperties[pi];
            if (p.Range != ExploitRange.Local) continue;
            if (p.Consequence == ExploitConsequence.PrivEscalation && user != _root)
                Derive(AttackRule.LocalPrivilegeEscalation, AttackTechniques.ExploitationForPrivilegeEscalation, p.ExploitProbability,
                    ExploitHours(p), new FactKey(DerivedFactKind.ExecCode, host, _root),
                    [node, _g.Leaf(LeafKind.Vulnerability, v), _g.Leaf(LeafKind.VulnProperty, pi)]);
            else if (p.Consequence == ExploitConsequence.CredentialLeak)
                foreach (var c in FactIndex.Of(_ix.CredentialsOnHost, host))
                    Derive(AttackRule.LocalCredentialLeak, AttackTechniques.ExploitationForCredentialAccess, p.ExploitProbability,
                        ExploitHours(p), Credential(c),
                        [node, _g.Leaf(LeafKind.Vulnerability, v), _g.Leaf(LeafKind.VulnProperty, pi), _g.Leaf(LeafKind.StoredCredential, c)]);
        }
        foreach (var h in FactIndex.Of(_ix.HaclsFrom, host))
            foreach (var endpoint in Endpoints(h))
                Derive(AttackRule.MultiHopAccess, null, 1, 0, endpoint, [node, _g.Leaf(LeafKind.Hacl, h)]);
        foreach (var (group, fact) in FactIndex.Of(_ix.GroupsOfHost, host))
            Derive(AttackRule.GroupFoothold, null, 1, 0, new FactKey(DerivedFactKind.GroupFoothold, group), [node, _g.Leaf(LeafKind.HostGroup, fact)]);
        if (user == _root)
            foreach (var c in FactIndex.Of(_ix.CredentialsOnHost, host))
                Derive(AttackRule.CredentialDumping, AttackTechniques.OsCredentialDumping, _options.CredentialDumpProbability,
                    _options.CredentialDumpHours, Credential(c), [node, _g.Leaf(LeafKind.StoredCredential, c)]);
        foreach (var t in FactIndex.Of(_ix.TrustsFrom, host))
        {
            var trust = F.Trusts[t];
            Derive(AttackRule.TrustedLogin, trust.Kind == TrustKind.Kerberos ? AttackTechniques.PassTheTicket : AttackTechniques.PrivateKeys,
                1, 0, new FactKey(DerivedFactKind.CanLogin, _ix.Name(trust.ToHost), _ix.Name(trust.User)),
                [node, _g.Leaf(LeafKind.Trust, t)]);
        }
        if (_ix.AssetOfHost.TryGetValue(host, out var asset))
            Derive(AttackRule.AssetCompromise, null, 1, 0, new FactKey(DerivedFactKind.AssetCompromised, host), [node, _g.Leaf(LeafKind.Asset, asset)]);
    }

    private void NetAccess(int node, int host, int protocol, int port)
    {
        foreach (var s in FactIndex.Of(_ix.ServicesAt, (host, protocol, port)))
        {
            var service = F.Services[s];
            foreach (var v in FactIndex.Of(_ix.VulnsOnProgram, (host, service.Program.ToLowerInvariant())))
            {
                var pi = _ix.VulnPropertyOf[v];
                var p = F.VulnProperties[pi];
                if (p.Range != ExploitRange.Remote) continue;
                if (GivesCode(p.Consequence))
                    Derive(AttackRule.RemoteExploit,
                        _exposed.Contains(node) ? AttackTechniques.ExploitPublicFacingApplication : AttackTechniques.ExploitationOfRemoteServices,
                        p.ExploitProbability, ExploitHours(p), new FactKey(DerivedFactKind.ExecCode, host, _ix.Name(service.User)),
                        [node, _g.Leaf(LeafKind.Service, s), _g.Leaf(LeafKind.Vulnerability, v), _g.Leaf(LeafKind.VulnProperty, pi)]);
                else if (p.Consequence == ExploitConsequence.CredentialLeak)
                    foreach (var c in FactIndex.Of(_ix.CredentialsOnHost, host))
                        Derive(AttackRule.RemoteCredentialLeak, AttackTechniques.ExploitationForCredentialAccess, p.ExploitProbability,
                            ExploitHours(p), Credential(c),
                            [node, _g.Leaf(LeafKind.Service, s), _g.Leaf(LeafKind.Vulnerability, v), _g.Leaf(LeafKind.VulnProperty, pi),
                             _g.Leaf(LeafKind.StoredCredential, c)]);
            }
            if (AttackTechniques.LoginServiceTechnique(service.Program, service.Port) is { } technique)
                foreach (var login in FactIndex.Of(_canLoginOnHost, host))
                    RemoteLogin(login, s, node, technique);
        }
    }

    private void CanLogin(int node, int host, int user)
    {
        if (!_canLoginOnHost.TryGetValue(host, out var list)) _canLoginOnHost.Add(host, list = []);
        list.Add(node);
        foreach (var s in FactIndex.Of(_ix.ServicesOnHost, host))
        {
            var service = F.Services[s];
            if (AttackTechniques.LoginServiceTechnique(service.Program, service.Port) is not { } technique) continue;
            var key = new FactKey(DerivedFactKind.NetAccess, host, _ix.Name(service.Protocol.ToLowerInvariant()), service.Port);
            if (_g.OrNode.TryGetValue(key, out var access) && access < _processed.Count && _processed[access]) RemoteLogin(node, s, access, technique);
        }
    }

    private void RemoteLogin(int canLogin, int service, int netAccess, string technique)
    {
        var fact = _g.Ors[_g.Ref[canLogin]];
        Derive(AttackRule.RemoteLogin, technique, _options.LoginProbability, _options.LoginHours,
            new FactKey(DerivedFactKind.ExecCode, fact.A, fact.B), [canLogin, _g.Leaf(LeafKind.Service, service), netAccess]);
    }

    /// <summary>The netAccess facts a hacl yields: one per listening service it matches.</summary>
    private IEnumerable<FactKey> Endpoints(int haclIndex)
    {
        var h = F.Hacls[haclIndex];
        var dst = _ix.Name(h.Destination);
        var protocol = _ix.Name(h.Protocol.ToLowerInvariant());
        if (_ix.IsGroup.Contains(dst))
        {
            foreach (var (member, _) in FactIndex.Of(_ix.MembersOfGroup, dst))
                foreach (var e in HostEndpoints(member, protocol, h.Port)) yield return e;
        }
        else
            foreach (var e in HostEndpoints(dst, protocol, h.Port)) yield return e;
    }

    private IEnumerable<FactKey> HostEndpoints(int host, int protocol, int port)
    {
        if (protocol != _anyProtocol && port != Hacl.AnyPort)
        {
            if (_ix.ServicesAt.ContainsKey((host, protocol, port))) yield return new FactKey(DerivedFactKind.NetAccess, host, protocol, port);
            yield break;
        }
        FactKey? last = null;
        foreach (var s in FactIndex.Of(_ix.ServicesOnHost, host))
        {
            var service = F.Services[s];
            var sp = _ix.Name(service.Protocol.ToLowerInvariant());
            if ((protocol == _anyProtocol || protocol == sp) && (port == Hacl.AnyPort || port == service.Port))
            {
                var key = new FactKey(DerivedFactKind.NetAccess, host, sp, service.Port);
                if (key == last) continue; // two programs on one endpoint share its netAccess fact
                last = key;
                yield return key;
            }
        }
    }

    private FactKey Credential(int storedIndex) =>
        new(DerivedFactKind.CredentialCompromised, _ix.Name(F.StoredCredentials[storedIndex].Credential));

    private double ExploitHours(VulnProperty p) => p.ExploitTimeHours ?? _options.DefaultExploitHours;

    private static bool GivesCode(ExploitConsequence c) => c is ExploitConsequence.PrivEscalation or ExploitConsequence.CodeExec;

    private int Derive(AttackRule rule, string? technique, double probability, double hours, FactKey head, ReadOnlySpan<int> body)
    {
        var or = _g.Or(head, out var created);
        _g.And(rule, technique, probability, hours, or, body);
        if (created) _queue.Enqueue(or);
        return or;
    }
}
