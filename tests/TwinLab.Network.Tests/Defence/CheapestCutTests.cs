using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;
using TwinLab.Network.Tests.AttackGraph;
using TwinLab.Simulation.Random;

namespace TwinLab.Network.Tests.Defence;

public sealed class CheapestCutTests
{
    [Fact]
    public void Find_HandNetwork_EqualsBruteForceAndIsProvedOptimal()
    {
        var facts = HandNetwork.Facts();
        var candidates = DefenceCandidates.Generate(facts);
        Assert.Equal(13, candidates.Count); // 4 flows, 3 ports, 4 patches, 2 credential copies
        candidates = [.. candidates.Where(m => m.Id != "unallow:internet->web01:tcp/443")]; // brute force takes ≤ 12
        var cut = CheapestCut.Find(facts, candidates);
        var goals = facts.Assets.Where(a => a.CrownJewel).Select(a => LogicalAttackGraph.AssetGoal(a.Host)).ToList();
        var brute = RandomNetworks.BruteForce(facts, candidates, goals);

        Assert.Equal(CutStatus.Optimal, cut.Status);
        Assert.True(cut.Complete);
        Assert.NotNull(brute);
        Assert.Equal(brute.Value.Cost, cut.Cost, 9);
        Assert.Equal(cut.Cost, cut.LowerBound, 9);
        Assert.True(RandomNetworks.Cuts(facts, cut.Measures, goals));
        // Closing db01's 5432 or web01's 443 (0.5 h) ends the web route to the database; dc01 needs both the laptop's
        // and web01's cached domain-admin copies gone or its SMB port closed (0.5 h): 1 h in all.
        Assert.Equal(1.0, cut.Cost, 9);
        Assert.Contains(cut.Measures, m => m.Id == "close:dc01:tcp/445");
        Assert.Contains(cut.Measures, m => m.Id is "close:db01:tcp/5432" or "close:web01:tcp/443");
    }

    [Fact]
    public void Find_HandNetworkWithBusinessPortsKept_PatchesAndPurgesCredentials()
    {
        var facts = HandNetwork.Facts();
        var costs = DefenceCostModel.Parse("""
            exclude: ["close:db01:tcp/5432", "close:dc01:tcp/445", "close:web01:tcp/443"]
            kinds: { block-flow: 10 }
            hosts: { web01: { patch: 2.5 } }
            cves: { CVE-2021-41773: 2 }
            """, "costs.yaml");
        var cut = CheapestCut.Find(facts, DefenceCandidates.Generate(facts, new CandidateOptions { Costs = costs }));

        Assert.Equal(CutStatus.Optimal, cut.Status);
        // Patch httpd on web01 (2 h) cuts the web route to db01 and to web01's credential copy; the laptop's copy must go (1 h).
        Assert.Equal(["patch:CVE-2021-41773@web01", "uncredential:domain-admin@laptop01"], cut.Measures.Select(m => m.Id));
        var patch = cut.Explanations.Single(e => e.Measure.Id == "patch:CVE-2021-41773@web01");
        Assert.NotEmpty(patch.PathsRemoved);
        Assert.All(patch.PathsRemoved, p => Assert.Contains(p.Steps, s => s.Premises.Contains("vulExists(web01, CVE-2021-41773, httpd)")));
    }

    [Fact]
    public void Find_ThirtyRandomNetworksWithPaths_EqualsBruteForce()
    {
        var checkedCuts = 0;
        for (ulong seed = 1; seed <= 100 && checkedCuts < 30; seed++)
        {
            var facts = RandomNetworks.Generate(seed);
            var r = RandomStream.FromSeed(seed + 1000);
            double[] prices = [0.5, 1, 2, 3, 5];
            var candidates = DefenceCandidates.Generate(facts)
                .Select(m => (Key: r.NextDouble(), M: m with { Cost = prices[r.NextInt(prices.Length)] }))
                .OrderBy(x => x.Key).Take(11).Select(x => x.M).ToList();
            var cut = CheapestCut.Find(facts, candidates);
            if (cut.Status == CutStatus.NothingToCut && cut.Goals.Count == 0) continue;
            var brute = RandomNetworks.BruteForce(facts, candidates, cut.Goals);
            Assert.True(brute is not null, $"seed {seed}: brute force finds no cut of {string.Join(", ", cut.Goals)}");
            Assert.Equal(CutStatus.Optimal, cut.Status);
            Assert.True(Math.Abs(brute.Value.Cost - cut.Cost) < 1e-9, $"seed {seed}: CP-SAT {cut.Cost} ({string.Join(", ", cut.Measures)}) vs brute force {brute.Value.Cost}");
            Assert.True(RandomNetworks.Cuts(facts, cut.Measures, cut.Goals), $"seed {seed}: the cut does not cut");
            if (cut.UncuttableGoals.Count > 0)
                Assert.False(RandomNetworks.Cuts(facts, candidates, cut.UncuttableGoals), $"seed {seed}: an 'uncuttable' goal can be cut");

            var greedy = CheapestCut.Find(facts, candidates, new CutOptions { MaxExactRuleApplications = 0 });
            Assert.Equal(CutStatus.Greedy, greedy.Status);
            Assert.True(RandomNetworks.Cuts(facts, greedy.Measures, greedy.Goals), $"seed {seed}: the greedy cut does not cut");
            Assert.True(greedy.Cost >= cut.Cost - 1e-9 && greedy.LowerBound <= cut.Cost + 1e-9,
                $"seed {seed}: greedy {greedy.Cost} with bound {greedy.LowerBound} against optimum {cut.Cost}");
            checkedCuts++;
        }
        Assert.Equal(30, checkedCuts); // 30 networks whose crown jewels the attacker reaches, within the first 100 seeds
    }

    [Fact]
    public void Find_IncludeUrgent_ChoosesTheKevPatchEvenWhenNotNeeded()
    {
        var facts = HandNetwork.Facts();
        var kev = new HashSet<string> { "CVE-2021-1675" };
        var candidates = DefenceCandidates.Generate(facts, new CandidateOptions { KnownExploited = kev });
        Assert.True(candidates.Single(m => m.Id == "patch:CVE-2021-1675@laptop01").Urgent);

        var cut = CheapestCut.Find(facts, candidates, new CutOptions { IncludeUrgent = true });

        Assert.Equal(CutStatus.Optimal, cut.Status);
        Assert.Contains(cut.Measures, m => m.Id == "patch:CVE-2021-1675@laptop01");
        // With the laptop patched, only web01 leads on: closing its 443 (0.5 h) ends everything else.
        Assert.Equal(["close:web01:tcp/443", "patch:CVE-2021-1675@laptop01"], cut.Measures.Select(m => m.Id));
        Assert.Equal(2.5, cut.Cost, 9);
    }

    [Fact]
    public void Find_AttackerOnTheCrownJewel_ReportsItUncuttable()
    {
        var facts = HandNetwork.Facts() with
        {
            Assets = [new Asset("laptop01", 2_000, true), new Asset("db01", 1_000_000, true)],
        };
        var cut = CheapestCut.Find(facts, DefenceCandidates.Generate(facts));

        Assert.Equal([LogicalAttackGraph.AssetGoal("laptop01")], cut.UncuttableGoals);
        Assert.Equal([LogicalAttackGraph.AssetGoal("db01")], cut.Goals);
        Assert.False(cut.Complete);
        Assert.Equal(0.5, cut.Cost, 9); // close db01's 5432 or web01's 443
        Assert.Single(cut.Measures);
    }

    [Fact]
    public void Find_MoveHostCandidate_IsRejected()
    {
        var facts = HandNetwork.Facts();
        var e = Assert.Throws<DefenceMeasureException>(() => CheapestCut.Find(facts, [new MoveHost("db01", "dmz") { Cost = 1 }]));
        Assert.StartsWith("move:db01->dmz:", e.Message);
    }
}
