using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;
using TwinLab.Simulation.Random;

namespace TwinLab.Network.Tests.Defence;

/// <summary>Small random enterprises (4–7 hosts: web, ssh, SMB and database services, real CVE ids with remote,
/// local and credential-leak properties, cached credentials, trusts, a workstation zone) and a brute-force cut.</summary>
internal static class RandomNetworks
{
    private static readonly (string Program, int Port, string User)[] ServiceKinds =
    [
        ("httpd", 80, "www-data"), ("openssh", 22, "root"), ("microsoft-ds", 445, "SYSTEM"), ("postgresql", 5432, "postgres"),
    ];

    private static readonly (string Id, string Program, ExploitRange Range, ExploitConsequence Consequence, double P)[] Cves =
    [
        ("CVE-2021-41773", "httpd", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.7),
        ("CVE-2017-0144", "microsoft-ds", ExploitRange.Remote, ExploitConsequence.PrivEscalation, 0.8),
        ("CVE-2019-9193", "postgresql", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.5),
        ("CVE-2018-15473", "openssh", ExploitRange.Remote, ExploitConsequence.CredentialLeak, 0.4),
        ("CVE-2021-4034", "polkit", ExploitRange.Local, ExploitConsequence.PrivEscalation, 0.9),
    ];

    public static AttackFacts Generate(ulong seed)
    {
        var r = RandomStream.FromSeed(seed);
        var n = 4 + r.NextInt(4);
        var hosts = Enumerable.Range(0, n).Select(i => $"h{i}").ToList();
        var services = new List<NetworkService>();
        var vulns = new List<VulnExists>();
        // The public web server h0 runs a vulnerable httpd; every other host has at least one service, reachable from
        // an earlier host (so most networks have attack paths), plus random extra flows.
        services.Add(new NetworkService(hosts[0], "httpd", "tcp", 80, "www-data"));
        vulns.Add(new VulnExists(hosts[0], "CVE-2021-41773", "httpd"));
        var hacls = new List<Hacl> { new("internet", hosts[0], "tcp", 80), new("internet", hosts[r.NextInt(n)], "tcp", 22) };
        foreach (var h in hosts.Skip(1))
        {
            var kinds = ServiceKinds.Where(_ => r.NextDouble() < 0.4).ToList();
            if (kinds.Count == 0) kinds.Add(ServiceKinds[r.NextInt(ServiceKinds.Length)]);
            foreach (var k in kinds) services.Add(new NetworkService(h, k.Program, "tcp", k.Port, k.User));
            foreach (var c in Cves)
                if (r.NextDouble() < 0.4) vulns.Add(new VulnExists(h, c.Id, c.Program));
            var k0 = kinds[r.NextInt(kinds.Count)];
            hacls.Add(new Hacl(hosts[r.NextInt(hosts.IndexOf(h))], h, "tcp", k0.Port));
        }
        for (var k = 0; k < n; k++)
        {
            var s = services.Count > 0 ? services[r.NextInt(services.Count)] : new NetworkService(hosts[1], "openssh", "tcp", 22, "root");
            var from = hosts[r.NextInt(n)];
            if (from != s.Host) hacls.Add(new Hacl(from, s.Host, "tcp", r.NextDouble() < 0.2 ? Hacl.AnyPort : s.Port));
        }
        var zone = new List<HostGroup> { new("ws", hosts[n - 1]), new("ws", hosts[n - 2]) };
        hacls.Add(new Hacl("ws", "ws", "tcp", 445));
        var stored = new List<CredentialStoredOn>();
        var valid = new List<CredentialValidFor>();
        foreach (var cred in new[] { "admin", "svc" })
        {
            stored.Add(new CredentialStoredOn(cred, hosts[r.NextInt(n)]));
            valid.Add(new CredentialValidFor(cred, hosts[r.NextInt(n)], "root"));
        }
        var trusts = new List<Trust>();
        if (r.NextDouble() < 0.7) trusts.Add(new Trust(hosts[r.NextInt(n)], hosts[r.NextInt(n)], "root"));
        var jewel = hosts[1 + r.NextInt(n - 1)];
        var other = hosts[r.NextInt(n)];
        var assets = new List<Asset> { new(jewel, 1_000_000, true) };
        if (other != jewel) assets.Add(new Asset(other, 50_000, r.NextDouble() < 0.5));
        return new AttackFacts
        {
            AttackerLocations = r.NextDouble() < 0.3 ? [new AttackerLocated("internet"), new AttackerLocated(hosts[n - 1], "user")] : [new AttackerLocated("internet")],
            Hacls = hacls, HostGroups = zone, Services = services, Vulnerabilities = vulns,
            VulnProperties = [.. Cves.Select(c => new VulnProperty(c.Id, c.Range, c.Consequence, c.P))],
            Accounts = [new HasAccount("user", hosts[n - 1], "user")],
            StoredCredentials = stored, CredentialValidity = valid, Trusts = trusts, Assets = assets,
        };
    }

    /// <summary>The cheapest subset of <paramref name="candidates"/> (≤ 12) that makes every goal unreachable, by
    /// trying all subsets; null when none does.</summary>
    public static (double Cost, int Mask)? BruteForce(AttackFacts facts, IReadOnlyList<DefenceMeasure> candidates, IReadOnlyList<DerivedFact> goals)
    {
        if (candidates.Count > 12) throw new ArgumentException("too many candidates for brute force");
        (double Cost, int Mask)? best = null;
        for (var mask = 0; mask < 1 << candidates.Count; mask++)
        {
            var cost = 0.0;
            for (var i = 0; i < candidates.Count; i++)
                if ((mask & (1 << i)) != 0) cost += candidates[i].Cost;
            if (best is { } b && cost >= b.Cost - 1e-9) continue;
            if (Cuts(facts, candidates.Where((_, i) => (mask & (1 << i)) != 0), goals)) best = (cost, mask);
        }
        return best;
    }

    public static bool Cuts(AttackFacts facts, IEnumerable<DefenceMeasure> measures, IReadOnlyList<DerivedFact> goals)
    {
        foreach (var m in measures) facts = m.Plan(facts).ApplyTo(facts);
        var graph = LogicalAttackGraph.Build(facts);
        return goals.All(g => !graph.IsReachable(g));
    }
}
