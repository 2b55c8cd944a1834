using System.Text;
using TwinLab.Network.Capacity;
using TwinLab.Simulation.Random;

namespace TwinLab.Network.Tests.Capacity;

public sealed class UpgradePlannerTests
{
    [Fact]
    public void CheapestUpgrades_HandNetwork_NextRateOnTheBottleneck()
    {
        var network = HandNetwork.Network();
        var plan = CapacityAnalysis.CheapestUpgrades(network, HandNetwork.Matrix(network));

        var bc = Assert.Single(plan.Upgrades);
        Assert.Equal(("bc", 100e6, 1e9, 1, 10.0), (bc.Link, bc.From, bc.To, bc.Steps, bc.Cost));
        Assert.Equal(80e6, bc.RequiredLoad, 6);
        Assert.Empty(plan.Unfixable);
    }

    [Fact]
    public void CheapestUpgrades_NMinusOne_CoversTheDetourToo()
    {
        var network = HandNetwork.Network();
        var plan = CapacityAnalysis.CheapestUpgrades(network, HandNetwork.Matrix(network), nMinusOne: true);

        // ac must carry 80M (bulk plus sync) when bc fails; 100M would sit exactly at the 80 % target, so 1G: 2 steps of 3.
        var ac = plan.Upgrades.Single(u => u.Link == "ac");
        Assert.Equal((1e9, 2, 6.0), (ac.To, ac.Steps, ac.Cost));
        Assert.Equal("bc", ac.WorstFailure);
        Assert.True(plan.NMinusOne);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    public void CheapestUpgrades_EqualsBruteForce_OnSmallRandomNetworks(ulong seed, bool nMinusOne)
    {
        var (network, traffic) = Random(seed);
        var options = new CapacityOptions { Target = 0.7 };
        var plan = CapacityAnalysis.CheapestUpgrades(network, traffic, options, nMinusOne);

        var levels = network.Links.Select(l => UpgradePlanner.Levels(network, l)).ToArray();
        var best = double.PositiveInfinity;
        var choice = new int[levels.Length];
        while (true)
        {
            var cost = choice.Select((k, l) => k * network.Links[l].StepCost).Sum();
            if (cost < best)
            {
                var scenario = new CapacityScenario { Upgrades = network.Links.Select((l, i) => (l.Name, levels[i][choice[i]])).ToDictionary(p => p.Name, p => p.Item2) };
                var upgraded = network.With(scenario);
                var worst = nMinusOne
                    ? CapacityAnalysis.NMinusOne(upgraded, traffic, options).WorstUtilisation
                    : CapacityAnalysis.Evaluate(upgraded, traffic, options).MaxUtilisation;
                if (worst < options.Target) best = cost;
            }
            var i = 0;
            while (i < choice.Length && ++choice[i] == levels[i].Count) choice[i++] = 0;
            if (i == choice.Length) break;
        }

        if (double.IsPositiveInfinity(best)) Assert.NotEmpty(plan.Unfixable);
        else
        {
            Assert.Empty(plan.Unfixable);
            Assert.Equal(best, plan.Cost, 9);
        }
    }

    private static (CapacityNetwork, TrafficMatrix) Random(ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        var yaml = new StringBuilder("upgrade_rates: [100M, 1G, 10G]\nnodes: [n0, n1, n2, n3, n4]\nlinks:\n");
        var pairs = new HashSet<(int, int)>();
        for (var i = 1; i < 5; i++) pairs.Add((random.NextInt(i), i));
        while (pairs.Count < 6)
        {
            var a = random.NextInt(5);
            var b = random.NextInt(5);
            if (a < b) pairs.Add((a, b));
        }
        var k = 0;
        foreach (var (a, b) in pairs.OrderBy(p => p))
            yaml.Append($"  - {{name: l{k++}, between: [n{a}, n{b}], capacity: 100M, weight: {1 + random.NextInt(3)}, step_cost: {1 + random.NextInt(9)}}}\n");
        var csv = new StringBuilder("src,dst,rate\n");
        for (var d = 0; d < 6; d++)
        {
            var s = random.NextInt(5);
            var t = (s + 1 + random.NextInt(4)) % 5;
            csv.Append($"n{s},n{t},{10 + random.NextInt(400)}M\n");
        }
        var network = LinksFile.Parse(yaml.ToString(), "random.yaml", ".");
        return (network, TrafficFile.Parse(csv.ToString(), "random.csv", network));
    }
}
