using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.AttackGraph;

public sealed class DerivationTests
{
    private static readonly LogicalAttackGraph Graph = LogicalAttackGraph.Build(HandNetwork.Facts());

    [Fact]
    public void Build_HandNetwork_DerivesExactlyTheExpectedFacts()
    {
        var expected = new[]
        {
            "execCode(laptop01, alice)", "netAccess(web01, tcp, 443)", "execCode(web01, www-data)", "execCode(web01, root)",
            "netAccess(db01, tcp, 5432)", "execCode(db01, postgres)", "netAccess(dc01, tcp, 445)", "execCode(laptop01, root)",
            "credentialCompromised(domain-admin)", "canLogin(dc01, Administrator)", "execCode(dc01, Administrator)",
            "assetCompromised(db01)", "assetCompromised(dc01)", "assetCompromised(laptop01)",
        };
        Assert.Equal(expected.Order(), Graph.DerivedFacts.Select(f => f.ToString()).Order());
        Assert.False(Graph.IsReachable(DerivedFact.ExecCode("db01", "root")));
    }

    [Fact]
    public void Build_RuleApplications_CarryTheirAttackTechniques()
    {
        string[] Techniques(DerivedFact f) => [.. Graph.Inputs(Graph.Find(f)!.Value).Select(a => Graph.Node(a).Technique ?? "-")];
        Assert.Equal(["T1190"], Techniques(DerivedFact.ExecCode("web01", "www-data")));
        Assert.Equal(["T1210"], Techniques(DerivedFact.ExecCode("db01", "postgres")));
        Assert.Equal(["T1068"], Techniques(DerivedFact.ExecCode("laptop01", "root")));
        Assert.Equal(["T1566"], Techniques(DerivedFact.ExecCode("laptop01", "alice")));
        Assert.Equal(["T1003", "T1003"], Techniques(DerivedFact.CredentialCompromised("domain-admin")));
        Assert.Equal(["T1078"], Techniques(DerivedFact.CanLogin("dc01", "Administrator")));
        Assert.Equal(["T1021.002"], Techniques(DerivedFact.ExecCode("dc01", "Administrator")));
    }

    [Fact]
    public void Build_NetAccessToDc_HasOneDerivationPerCompromisedSourcePrivilege()
    {
        // laptop01 as alice and root, web01 as www-data and root: four multi-hop applications of two hacl facts.
        var derivers = Graph.Inputs(Graph.Find(DerivedFact.NetAccess("dc01", "tcp", 445))!.Value);
        Assert.Equal(4, derivers.Count);
        Assert.All(derivers, a => Assert.Equal(AttackRule.MultiHopAccess, Graph.Node(a).Rule));
    }

    [Fact]
    public void Build_GraphShape_IsBipartiteAndOrNodesAreDerived()
    {
        Assert.Equal(Graph.NodeCount, Graph.LeafCount + Graph.AndCount + Graph.OrCount);
        foreach (var node in Graph.Nodes)
        {
            var inputs = Graph.Inputs(node.Id);
            switch (node.Kind)
            {
                case AttackNodeKind.Leaf: Assert.Empty(inputs); break;
                case AttackNodeKind.Or:
                    Assert.NotEmpty(inputs);
                    Assert.All(inputs, i => Assert.Equal(AttackNodeKind.And, Graph.Node(i).Kind));
                    break;
                default:
                    Assert.All(inputs, i => Assert.NotEqual(AttackNodeKind.And, Graph.Node(i).Kind));
                    Assert.Equal(AttackNodeKind.Or, Graph.Node(Graph.Head(node.Id)).Kind);
                    break;
            }
        }
    }

    [Fact]
    public void Build_PhishingWithVulnerableClient_GivesCodeExecutionAsTheUser()
    {
        var facts = new AttackFacts
        {
            AttackerLocations = [new AttackerLocated("internet")],
            Accounts = [new HasAccount("bob", "ws042", "bob")],
            ClientPrograms = [new ClientProgram("ws042", "chrome")],
            Vulnerabilities = [new VulnExists("ws042", "CVE-2023-4863", "chrome")],
            VulnProperties = [new VulnProperty("CVE-2023-4863", ExploitRange.RemoteClient, ExploitConsequence.CodeExec, 0.1)],
        };
        var graph = LogicalAttackGraph.Build(facts);
        var node = graph.Find(DerivedFact.ExecCode("ws042", "bob"));
        Assert.NotNull(node);
        var and = Assert.Single(graph.Inputs(node.Value));
        Assert.Equal(AttackRule.ClientExploit, graph.Node(and).Rule);
        Assert.Equal("T1203", graph.Node(and).Technique);
        Assert.Equal(AttackGraphOptions.Default.DefaultExploitHours, graph.Node(and).MeanHours);
    }

    [Fact]
    public void Build_CredentialLeakAndKerberosTrust_UseTheirTechniques()
    {
        // Heartbleed leaks the service account's password from the VPN gateway's memory; the jump host holds a
        // Kerberos ticket for the file server.
        var facts = new AttackFacts
        {
            AttackerLocations = [new AttackerLocated("internet")],
            Hacls = [new Hacl("internet", "vpn01", "tcp", 443), new Hacl("internet", "jump01", "tcp", 22), new Hacl("jump01", "file01", "tcp", 445)],
            Services =
            [
                new NetworkService("vpn01", "openssl", "tcp", 443, "nobody"),
                new NetworkService("jump01", "openssh", "tcp", 22, "root"),
                new NetworkService("file01", "microsoft-ds", "tcp", 445, "SYSTEM"),
            ],
            Vulnerabilities = [new VulnExists("vpn01", "CVE-2014-0160", "openssl")],
            VulnProperties = [new VulnProperty("CVE-2014-0160", ExploitRange.Remote, ExploitConsequence.CredentialLeak, 0.9, 1)],
            StoredCredentials = [new CredentialStoredOn("svc-backup", "vpn01")],
            CredentialValidity = [new CredentialValidFor("svc-backup", "jump01", "backup")],
            Trusts = [new Trust("jump01", "file01", "backup", TrustKind.Kerberos)],
        };
        var graph = LogicalAttackGraph.Build(facts);
        Assert.False(graph.IsReachable(DerivedFact.ExecCode("vpn01", "nobody")));
        var path = graph.ShortestPath(DerivedFact.ExecCode("file01", "backup"))!;
        Assert.Equal(["T1212", "T1078", "T1021.004", "T1550.003", "T1021.002"], path.Techniques);
        Assert.Equal(0.9, path.Probability, 12);
    }

    [Fact]
    public void Build_GroupLevelHacl_ReachesEveryMemberServiceWithoutHostPairs()
    {
        var ws = Enumerable.Range(0, 50).Select(i => $"ws{i:D2}").ToList();
        var facts = new AttackFacts
        {
            AttackerLocations = [new AttackerLocated("ws00", "user")],
            HostGroups = [.. ws.Select(h => new HostGroup("workstations", h))],
            Services = [.. ws.Select(h => new NetworkService(h, "microsoft-ds", "tcp", 445, "SYSTEM"))],
            Hacls = [new Hacl("workstations", "workstations", "tcp", 445)],
        };
        var graph = LogicalAttackGraph.Build(facts);
        Assert.All(ws, h => Assert.True(graph.IsReachable(DerivedFact.NetAccess(h, "tcp", 445))));
        // One group foothold, 50 group-hop applications: linear in the members, not quadratic.
        Assert.Equal(50, graph.Nodes.Count(n => n.Rule == AttackRule.GroupHopAccess));
    }

    [Fact]
    public void Build_MutualTrust_TerminatesAndReachesBothHosts()
    {
        var graph = LogicalAttackGraph.Build(TrustCycle.Facts());
        Assert.True(graph.IsReachable(DerivedFact.ExecCode("build01", "root")));
        Assert.True(graph.IsReachable(DerivedFact.ExecCode("deploy01", "root")));
        Assert.Contains(graph.Nodes, n => n.Technique == "T1552.004");
    }

    [Theory]
    [InlineData("vulnerabilities[0].vulnId")]
    [InlineData("vulnProperties[0].exploitProbability")]
    [InlineData("hacls[0].destination")]
    [InlineData("services[0].port")]
    public void Build_BadFact_NamesTheElement(string element)
    {
        var facts = element switch
        {
            "vulnerabilities[0].vulnId" => new AttackFacts { Vulnerabilities = [new VulnExists("web01", "CVE-2021-41773", "httpd")] },
            "vulnProperties[0].exploitProbability" => new AttackFacts
            { VulnProperties = [new VulnProperty("CVE-2021-41773", ExploitRange.Remote, ExploitConsequence.CodeExec, 1.5)] },
            "hacls[0].destination" => new AttackFacts { Hacls = [new Hacl("internet", "nowhere", "tcp", 80)] },
            _ => new AttackFacts { Services = [new NetworkService("web01", "httpd", "tcp", 70000, "www-data")] },
        };
        var error = Assert.Throws<AttackFactException>(() => LogicalAttackGraph.Build(facts));
        Assert.Equal(element, error.Element);
        Assert.StartsWith(element + ": ", error.Message);
    }
}
