using TwinLab.Simulation.Random;

namespace TwinLab.Network.Capacity;

/// <summary>A generated link network for scale tests and benchmarks: a random spanning tree made meshy with extra
/// links, mixed line rates and weights, and random demands sized to load links moderately.</summary>
internal static class SyntheticBackbone
{
    private static readonly double[] Rates = [1e9, 10e9, 10e9, 40e9, 100e9];

    public static (CapacityNetwork Network, TrafficMatrix Traffic) Generate(int nodes, int links, int demands, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(links, nodes - 1);
        var random = RandomStream.FromSeed(seed);
        var names = Enumerable.Range(0, nodes).Select(i => $"r{i}").ToArray();
        var list = new List<CapacityLink>(links);
        var pairs = new HashSet<(int, int)>();
        void Add(int a, int b)
        {
            var rate = Rates[random.NextInt(Rates.Length)];
            list.Add(new CapacityLink
            {
                Name = $"l{list.Count}", A = names[a], B = names[b], Capacity = rate, Weight = 1 + random.NextInt(10),
                Delay = random.NextDouble(20e-6, 2e-3), StepCost = rate / 1e6,
            });
            pairs.Add((Math.Min(a, b), Math.Max(a, b)));
        }
        for (var i = 1; i < nodes; i++) Add(i, random.NextInt(i));
        while (list.Count < links)
        {
            var a = random.NextInt(nodes);
            var b = random.NextInt(nodes);
            if (a != b && !pairs.Contains((Math.Min(a, b), Math.Max(a, b)))) Add(a, b);
        }
        var network = new CapacityNetwork(names.Select(n => new CapacityNode(n, "router")), list, file: "synthetic");
        var flows = new List<Demand>(demands);
        while (flows.Count < demands)
        {
            var s = random.NextInt(nodes);
            var t = random.NextInt(nodes);
            if (s == t) continue;
            flows.Add(new Demand
            {
                Source = names[s], Destination = names[t], SourceNode = names[s], DestinationNode = names[t],
                Rate = 5e6 * random.NextExponential(1) + 1e6, Line = flows.Count + 2,
            });
        }
        return (network, new TrafficMatrix(flows, []) { File = "synthetic" });
    }
}
