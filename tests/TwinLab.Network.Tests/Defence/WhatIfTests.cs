using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;
using TwinLab.Network.Tests.AttackGraph;

namespace TwinLab.Network.Tests.Defence;

public sealed class WhatIfTests
{
    [Fact]
    public void Compare_PatchApacheOnWeb01_ProtectsDb01AndLeavesTheLaptopRouteToDc01()
    {
        var facts = HandNetwork.Facts();
        var result = WhatIf.Compare(facts, [DefenceMeasure.Parse("patch:CVE-2021-41773@web01") with { Cost = 2 }]);

        var dbBefore = result.Before.For("db01")!;
        Assert.True(dbBefore.Reachable);
        Assert.Equal(HandNetwork.DbApproximation, dbBefore.Probability, 12);
        Assert.Equal(2, dbBefore.ShortestPathActions); // httpd exploit, PostgreSQL exploit
        Assert.False(result.After.For("db01")!.Reachable);
        Assert.Equal(0, result.After.For("db01")!.Probability);
        Assert.Null(result.After.For("db01")!.ShortestPathActions);

        Assert.Equal(HandNetwork.DcExact, result.Before.For("dc01")!.Probability, 12);
        Assert.Equal(0.7 * 0.9, result.After.For("dc01")!.Probability, 12); // PrintNightmare, then the dump
        Assert.Equal(3, result.After.For("dc01")!.ShortestPathActions);   // escalate, dump, SMB login
        Assert.Equal(1, result.After.For("dc01")!.MinimalPaths);
        Assert.True(result.Before.For("dc01")!.MinimalPaths >= 2);

        Assert.Equal(["db01"], result.AssetsProtected);
        Assert.Empty(result.AssetsExposed);
        Assert.Equal(1, result.Measures.Single().FactsRemoved);
        Assert.Equal(2, result.Cost);
        Assert.True(result.RiskReduction > 0);
        Assert.Equal(result.Before.Risk - result.After.Risk, result.RiskReduction, 9);
        Assert.DoesNotContain("web01", HostsCompromised(result.AfterFacts));
    }

    [Fact]
    public void Compare_CloseDcSmbPort_CutsDc01()
    {
        var result = WhatIf.Compare(HandNetwork.Facts(), [DefenceMeasure.Parse("close:dc01:445")]);

        Assert.Equal(["dc01"], result.AssetsProtected);
        Assert.Equal(3, result.Measures.Single().FactsRemoved); // the service and the hacls from laptop01 and web01
    }

    [Fact]
    public void Compare_BlockOneMemberOfAZoneFlow_SplitsTheZoneHacl()
    {
        // A workstation zone may reach the domain controller's SMB; the phished laptop is one of two members.
        var facts = HandNetwork.Facts() with
        {
            Hacls = [new Hacl("internet", "web01", "tcp", 443), new Hacl("ws", "dc01", "tcp", Hacl.AnyPort)],
            HostGroups = [new HostGroup("ws", "laptop01"), new HostGroup("ws", "laptop02")],
        };
        Assert.True(LogicalAttackGraph.Build(facts).IsReachable(LogicalAttackGraph.AssetGoal("dc01")));

        var result = WhatIf.Compare(facts, [new BlockFlow("laptop01", "dc01", "tcp", 445)]);

        Assert.Equal(["dc01"], result.AssetsProtected);
        Assert.Equal(new MeasureEffect(result.Measures[0].Measure, 1, 1), result.Measures[0]);
        Assert.Contains(new Hacl("laptop02", "dc01", "tcp", 445), result.AfterFacts.Hacls); // the other member keeps it
        Assert.DoesNotContain(result.AfterFacts.Hacls, h => h.Source is "ws" or "laptop01" && h.Destination == "dc01");
    }

    [Fact]
    public void Compare_MoveDb01IntoTheInternetFacingZone_ExposesIt()
    {
        var facts = HandNetwork.Facts() with
        {
            Hacls = [.. HandNetwork.Facts().Hacls.Where(h => h.Destination != "db01"), new Hacl("internet", "dmz", "tcp", 5432)],
            HostGroups = [new HostGroup("dmz", "web01")],
        };
        var result = WhatIf.Compare(facts, [new MoveHost("db01", "dmz")]);

        Assert.Equal(["db01"], result.AssetsExposed);
        Assert.Equal(1, result.After.For("db01")!.ShortestPathActions); // PostgreSQL straight from the internet
    }

    [Fact]
    public void Compare_MeasureMatchingNothing_NamesIt()
    {
        var e = Assert.Throws<DefenceMeasureException>(() => WhatIf.Compare(HandNetwork.Facts(), [DefenceMeasure.Parse("patch:CVE-2099-0001")]));
        Assert.StartsWith("patch:CVE-2099-0001: matches no fact", e.Message);
    }

    private static IEnumerable<string> HostsCompromised(AttackFacts facts) =>
        LogicalAttackGraph.Build(facts).DerivedFacts.Where(f => f.Kind == DerivedFactKind.ExecCode).Select(f => f.Subject);
}
