using TwinLab.Simulation.Random;

namespace TwinLab.Network.AttackGraph;

/// <summary>
/// A generated enterprise fact set for scale tests: an internet-facing DMZ, application, database, file and
/// management servers, domain controllers and a large flat workstation zone, with reachability stated between zones
/// (group-level <see cref="Hacl"/> facts, never host pairs), a catalogue of real CVEs placed on a fraction of the
/// hosts, cached administrator credentials, SSH trust from the management hosts and one phished workstation.
/// </summary>
/// <remarks>The zone shares, service mix and vulnerability rates are plausible round numbers chosen for this
/// generator, not measurements. The CVE ids are real; their ranges and consequences follow their NVD descriptions;
/// their probabilities are illustrative.</remarks>
public static class SyntheticEnterprise
{
    /// <summary>Generates the fact set.</summary>
    /// <param name="hosts">Number of hosts (at least 100).</param>
    /// <param name="services">Target number of services (at least 3 per host); extra application ports are added
    /// to reach it.</param>
    /// <param name="seed">The random seed.</param>
    public static AttackFacts Generate(int hosts = 10_000, int services = 50_000, ulong seed = 1)
    {
        if (hosts < 100) throw new ArgumentOutOfRangeException(nameof(hosts), hosts, "must be at least 100");
        if (services < 3 * hosts) throw new ArgumentOutOfRangeException(nameof(services), services, "must be at least 3 per host");
        var random = RandomStream.FromSeed(seed);
        var b = new Builder();
        var zones = new (string Zone, double Share)[]
        {
            ("dmz", 0.02), ("app", 0.06), ("db", 0.03), ("file", 0.02), ("mgmt", 0.005), ("dc", 0.002),
        };
        var members = new Dictionary<string, List<string>>();
        var next = 0;
        foreach (var (zone, share) in zones)
        {
            var count = Math.Max(2, (int)(hosts * share));
            members[zone] = [.. Enumerable.Range(0, count).Select(i => $"{zone}{i:D5}")];
            next += count;
        }
        members["ws"] = [.. Enumerable.Range(0, hosts - next).Select(i => $"ws{i:D5}")];
        foreach (var (zone, list) in members)
            foreach (var h in list) b.Groups.Add(new HostGroup(zone, h));

        foreach (var h in members["dmz"])
        {
            b.Service(h, "httpd", 80, "www-data"); b.Service(h, "httpd", 443, "www-data"); b.Service(h, "openssh", 22, "root");
            if (random.NextDouble() < 0.3) b.Vuln(h, "CVE-2021-41773", "httpd");
            if (random.NextDouble() < 0.3) b.Vuln(h, "CVE-2021-4034", "polkit");
        }
        foreach (var h in members["app"])
        {
            b.Service(h, "tomcat", 8080, "tomcat"); b.Service(h, "tomcat", 8009, "tomcat"); b.Service(h, "openssh", 22, "root");
            if (random.NextDouble() < 0.2) b.Vuln(h, "CVE-2020-1938", "tomcat");
            if (random.NextDouble() < 0.3) b.Vuln(h, "CVE-2021-4034", "polkit");
            b.Stored("svc-db", h);
        }
        foreach (var h in members["db"])
        {
            b.Service(h, "postgresql", 5432, "postgres"); b.Service(h, "openssh", 22, "root"); b.Service(h, "node-exporter", 9100, "nobody");
            if (random.NextDouble() < 0.1) b.Vuln(h, "CVE-2019-9193", "postgresql");
            if (random.NextDouble() < 0.3) b.Vuln(h, "CVE-2021-4034", "polkit");
            b.Valid("svc-db", h, "postgres");
            b.Assets.Add(new Asset(h, 1_000_000, true));
        }
        foreach (var h in members["file"])
        {
            b.Service(h, "microsoft-ds", 445, "SYSTEM"); b.Service(h, "ms-wbt-server", 3389, "SYSTEM"); b.Service(h, "msrpc", 135, "SYSTEM");
            b.Valid("domain-admin", h, "root");
            b.Assets.Add(new Asset(h, 100_000, false));
        }
        foreach (var h in members["mgmt"])
        {
            b.Service(h, "openssh", 22, "root"); b.Service(h, "ms-wbt-server", 3389, "SYSTEM"); b.Service(h, "winrm", 5985, "SYSTEM");
            b.Valid("domain-admin", h, "root");
            for (var k = 0; k < 20; k++)
            {
                var pool = random.NextDouble() < 0.5 ? members["app"] : members["db"];
                b.Trusts.Add(new Trust(h, pool[random.NextInt(pool.Count)], "root"));
            }
        }
        foreach (var h in members["dc"])
        {
            b.Service(h, "kerberos", 88, "SYSTEM"); b.Service(h, "ldap", 389, "SYSTEM"); b.Service(h, "microsoft-ds", 445, "SYSTEM");
            b.Service(h, "ms-wbt-server", 3389, "SYSTEM");
            if (random.NextDouble() < 0.5) b.Vuln(h, "CVE-2020-1472", "netlogon");
            b.Service(h, "netlogon", 49664, "SYSTEM");
            b.Valid("domain-admin", h, "root");
            b.Stored("domain-admin", h);
            b.Assets.Add(new Asset(h, 5_000_000, true));
        }
        foreach (var h in members["ws"])
        {
            b.Service(h, "microsoft-ds", 445, "SYSTEM"); b.Service(h, "ms-wbt-server", 3389, "SYSTEM"); b.Service(h, "msrpc", 135, "SYSTEM");
            b.Accounts.Add(new HasAccount($"employee-{h}", h, "user"));
            b.Clients.Add(new ClientProgram(h, "chrome"));
            if (random.NextDouble() < 0.05) b.Vuln(h, "CVE-2023-4863", "chrome");
            if (random.NextDouble() < 0.02) b.Vuln(h, "CVE-2017-0144", "microsoft-ds");
            if (random.NextDouble() < 0.2) b.Vuln(h, "CVE-2021-1675", "spoolsv");
            b.Valid("helpdesk", h, "root");
            if (random.NextDouble() < 0.1) b.Stored("helpdesk", h);
            if (random.NextDouble() < 0.01) b.Stored("domain-admin", h);
        }
        // Pad with application ports on servers and workstations until the service count is reached.
        var all = members.Values.SelectMany(l => l).ToList();
        var port = 10_000;
        while (b.Services.Count < services)
        {
            var h = all[random.NextInt(all.Count)];
            b.Service(h, "app-agent", port++ % 50_000 + 10_000, "svc");
        }

        b.Hacl("internet", "dmz", 80); b.Hacl("internet", "dmz", 443);
        b.Hacl("dmz", "app", 8080); b.Hacl("dmz", "app", 8009);
        b.Hacl("app", "db", 5432);
        b.Hacl("ws", "dmz", 443); b.Hacl("ws", "app", 8080);
        b.Hacl("ws", "file", 445); b.Hacl("ws", "dc", 88); b.Hacl("ws", "dc", 389); b.Hacl("ws", "dc", 445); b.Hacl("ws", "dc", 49664);
        b.Hacl("ws", "ws", 445); // flat workstation network: the usual lateral-movement highway
        b.Hacl("ws", "mgmt", 3389);
        foreach (var zone in new[] { "dmz", "app", "db", "file", "dc", "ws" })
        {
            b.Hacl("mgmt", zone, 22); b.Hacl("mgmt", zone, 3389); b.Hacl("mgmt", zone, 5985);
        }
        b.Hacl("dc", "ws", 445);

        return new AttackFacts
        {
            AttackerLocations = [new AttackerLocated("internet"), new AttackerLocated(members["ws"][random.NextInt(members["ws"].Count)])],
            Hacls = b.Hacls, HostGroups = b.Groups, Services = b.Services, Vulnerabilities = b.Vulns,
            VulnProperties =
            [
                new VulnProperty("CVE-2021-41773", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.6, 4),
                new VulnProperty("CVE-2020-1938", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.4, 8),
                new VulnProperty("CVE-2019-9193", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.3, 6),
                new VulnProperty("CVE-2017-0144", ExploitRange.Remote, ExploitConsequence.PrivEscalation, 0.8, 2),
                new VulnProperty("CVE-2020-1472", ExploitRange.Remote, ExploitConsequence.PrivEscalation, 0.7, 2),
                new VulnProperty("CVE-2021-4034", ExploitRange.Local, ExploitConsequence.PrivEscalation, 0.9, 1),
                new VulnProperty("CVE-2021-1675", ExploitRange.Local, ExploitConsequence.PrivEscalation, 0.7, 2),
                new VulnProperty("CVE-2023-4863", ExploitRange.RemoteClient, ExploitConsequence.CodeExec, 0.1, 24),
            ],
            Accounts = b.Accounts, StoredCredentials = b.StoredCreds, CredentialValidity = b.Validity, Trusts = b.Trusts,
            ClientPrograms = b.Clients, Assets = b.Assets,
        };
    }

    private sealed class Builder
    {
        public List<Hacl> Hacls { get; } = [];
        public List<HostGroup> Groups { get; } = [];
        public List<NetworkService> Services { get; } = [];
        public List<VulnExists> Vulns { get; } = [];
        public List<HasAccount> Accounts { get; } = [];
        public List<CredentialStoredOn> StoredCreds { get; } = [];
        public List<CredentialValidFor> Validity { get; } = [];
        public List<Trust> Trusts { get; } = [];
        public List<ClientProgram> Clients { get; } = [];
        public List<Asset> Assets { get; } = [];

        public void Service(string host, string program, int port, string user) => Services.Add(new NetworkService(host, program, "tcp", port, user));
        public void Vuln(string host, string cve, string program) => Vulns.Add(new VulnExists(host, cve, program));
        public void Stored(string credential, string host) => StoredCreds.Add(new CredentialStoredOn(credential, host));
        public void Valid(string credential, string host, string user) => Validity.Add(new CredentialValidFor(credential, host, user));
        public void Hacl(string from, string to, int port) => Hacls.Add(new Hacl(from, to, "tcp", port));
    }
}
