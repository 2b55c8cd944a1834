namespace TwinLab.Network.Capacity;

/// <summary>The demands routed on one network: each demand's share of every directed link it uses, the directed loads,
/// and incremental re-routing of the demands a failure touches (for N-1).</summary>
internal sealed class TrafficRouting
{
    private readonly Dictionary<int, double[]> _baseTrees = [];

    public TrafficRouting(CapacityNetwork network, TrafficMatrix traffic, CapacityOptions options, IReadOnlySet<string>? hostsDown = null)
    {
        Graph = new LinkGraph(network);
        Options = options;
        Demands = traffic.Demands;
        Background = new double[Graph.LinkCount];
        foreach (var m in traffic.LinkRates)
        {
            var l = IndexOf(network, m.Link);
            if (l >= 0) Background[l] += m.Rate;
        }
        Source = new int[Demands.Count];
        Destination = new int[Demands.Count];
        Status = new DemandStatus[Demands.Count];
        Shares = new (int Edge, double Fraction)[Demands.Count][];
        Loads = new double[2 * Graph.LinkCount];
        for (var l = 0; l < Graph.LinkCount; l++) { Loads[2 * l] = Background[l]; Loads[2 * l + 1] = Background[l]; }
        var buffer = new List<(int, double)>();
        for (var d = 0; d < Demands.Count; d++)
        {
            var demand = Demands[d];
            Source[d] = Graph.NodeIndex.GetValueOrDefault(demand.SourceNode, -1);
            Destination[d] = Graph.NodeIndex.GetValueOrDefault(demand.DestinationNode, -1);
            var hostDown = hostsDown is not null && (demand.SourceHost is { } sh && hostsDown.Contains(sh) || demand.DestinationHost is { } dh && hostsDown.Contains(dh));
            if (Source[d] < 0 || Destination[d] < 0 || hostDown)
            {
                Status[d] = DemandStatus.EndpointDown;
                Shares[d] = [];
                continue;
            }
            buffer.Clear();
            var routed = Graph.Route(Source[d], BaseTree(Destination[d]), options.Ecmp, buffer);
            Status[d] = routed ? DemandStatus.Routed : DemandStatus.Disconnected;
            Shares[d] = [.. buffer];
            foreach (var (e, f) in Shares[d]) Loads[e] += f * demand.Rate;
        }
    }

    public LinkGraph Graph { get; }

    public CapacityOptions Options { get; }

    public IReadOnlyList<Demand> Demands { get; }

    public double[] Background { get; }

    public int[] Source { get; }

    public int[] Destination { get; }

    public DemandStatus[] Status { get; }

    public (int Edge, double Fraction)[][] Shares { get; }

    /// <summary>Directed loads: 2l is A→B, 2l+1 is B→A.</summary>
    public double[] Loads { get; }

    public double[] BaseTree(int destination)
    {
        if (!_baseTrees.TryGetValue(destination, out var tree)) _baseTrees[destination] = tree = Graph.DistancesTo(destination);
        return tree;
    }

    public static int IndexOf(CapacityNetwork network, string link)
    {
        for (var l = 0; l < network.Links.Count; l++)
            if (network.Links[l].Name == link) return l;
        return -1;
    }

    public CapacityResult Result(double target)
    {
        var bits = Graph.Network.MeanPacketBytes * 8;
        var links = Graph.Network.Links.Select((l, i) => new LinkUtilisation(l, Loads[2 * i], Loads[2 * i + 1], bits)).ToArray();
        var demands = new DemandResult[Demands.Count];
        for (var d = 0; d < Demands.Count; d++)
        {
            if (Status[d] != DemandStatus.Routed)
            {
                demands[d] = new DemandResult { Demand = Demands[d], Status = Status[d] };
                continue;
            }
            double latency = 0;
            string? overloaded = null;
            foreach (var (e, f) in Shares[d])
            {
                var link = links[e / 2];
                var q = link.QueueingDelayAt(Loads[e]);
                if (q is null) { overloaded ??= link.Link.Name; continue; }
                latency += f * (link.Link.Delay + q.Value);
            }
            var path = Graph.PathNodes(Source[d], BaseTree(Destination[d])).Select(n => Graph.NodeNames[n]).ToArray();
            demands[d] = new DemandResult
            {
                Demand = Demands[d], Status = DemandStatus.Routed, Path = path,
                Latency = overloaded is null ? latency : null, OverloadedLink = overloaded,
            };
        }
        return new CapacityResult { Network = Graph.Network, Target = target, Links = links, Demands = demands };
    }
}
