namespace TwinLab.Network.Capacity;

/// <summary>Runs every single link and node failure on a routed network, re-routing only the demands the failure
/// touches (the others keep their shortest paths, which do not use the failed element).</summary>
internal sealed class SingleFailures
{
    private readonly TrafficRouting _base;
    private readonly List<int>[] _byLink;
    private readonly List<int>[] _byNode;

    public SingleFailures(TrafficRouting routing)
    {
        _base = routing;
        var g = routing.Graph;
        _byLink = [.. Enumerable.Range(0, g.LinkCount).Select(_ => new List<int>())];
        _byNode = [.. Enumerable.Range(0, g.NodeCount).Select(_ => new List<int>())];
        var seenNodes = new HashSet<int>();
        for (var d = 0; d < routing.Demands.Count; d++)
        {
            if (routing.Status[d] == DemandStatus.EndpointDown) continue;
            seenNodes.Clear();
            seenNodes.Add(routing.Source[d]);
            seenNodes.Add(routing.Destination[d]);
            var lastLink = -1;
            foreach (var (e, _) in routing.Shares[d])
            {
                var l = e / 2;
                if (l != lastLink) _byLink[l].Add(d);
                lastLink = l;
                seenNodes.Add(g.A[l]);
                seenNodes.Add(g.B[l]);
            }
            foreach (var n in seenNodes) _byNode[n].Add(d);
        }
        for (var l = 0; l < g.LinkCount; l++) _byLink[l] = [.. _byLink[l].Distinct()];
        // The highest directed load each link must carry over the base case and every failure it survives.
        Required = new double[g.LinkCount];
        for (var l = 0; l < g.LinkCount; l++) Required[l] = Math.Max(routing.Loads[2 * l], routing.Loads[2 * l + 1]);
    }

    /// <summary>Per link: the highest load (busier direction) over the base case and every failure run so far that it survives.</summary>
    public double[] Required { get; }

    public NMinusOneResult RunAll(double target)
    {
        var g = _base.Graph;
        var failures = new List<FailureImpact>(g.LinkCount + g.NodeCount);
        var worst = Enumerable.Range(0, g.LinkCount).Select(l => (Util: Util(_base.Loads, l), Failure: (string?)null)).ToArray();
        var baseUtil = worst.Select(w => w.Util).ToArray();
        for (var l = 0; l < g.LinkCount; l++)
        {
            var down = new bool[g.LinkCount];
            down[l] = true;
            failures.Add(Run(g.Network.Links[l].Name, FailureKind.Link, _byLink[l], down, null, l, -1, target, worst));
        }
        for (var n = 0; n < g.NodeCount; n++)
        {
            var nodeDown = new bool[g.NodeCount];
            nodeDown[n] = true;
            var linkDown = new bool[g.LinkCount];
            for (var l = 0; l < g.LinkCount; l++) linkDown[l] = g.A[l] == n || g.B[l] == n;
            failures.Add(Run(g.NodeNames[n], FailureKind.Node, _byNode[n], linkDown, nodeDown, -1, n, target, worst));
        }
        var ordered = failures
            .OrderByDescending(f => f.Disconnected.Sum(d => d.Rate))
            .ThenByDescending(f => f.Disconnected.Count)
            .ThenByDescending(f => f.WorstUtilisation)
            .ThenBy(f => f.Kind).ThenBy(f => f.Element, StringComparer.Ordinal)
            .ToList();
        var worstCase = worst.Select((w, l) => new WorstCaseLoad(g.Network.Links[l].Name, baseUtil[l], w.Util, w.Failure))
            .OrderByDescending(w => w.Utilisation).ThenBy(w => w.Link, StringComparer.Ordinal).ToList();
        return new NMinusOneResult { Target = target, Failures = ordered, WorstCase = worstCase };
    }

    private FailureImpact Run(string element, FailureKind kind, List<int> affected, bool[] linkDown, bool[]? nodeDown, int failedLink, int failedNode, double target,
        (double Util, string? Failure)[] worst)
    {
        var g = _base.Graph;
        var loads = (double[])_base.Loads.Clone();
        var trees = new Dictionary<int, double[]>();
        var disconnected = new List<Demand>();
        var endpointDown = new List<Demand>();
        var buffer = new List<(int, double)>();
        foreach (var d in affected)
        {
            var rate = _base.Demands[d].Rate;
            foreach (var (e, f) in _base.Shares[d]) loads[e] -= f * rate;
            if (_base.Status[d] != DemandStatus.Routed) continue;
            var (s, t) = (_base.Source[d], _base.Destination[d]);
            if (nodeDown is not null && (nodeDown[s] || nodeDown[t]))
            {
                endpointDown.Add(_base.Demands[d]);
                continue;
            }
            if (!trees.TryGetValue(t, out var tree)) trees[t] = tree = g.DistancesAfter(_base.BaseTree(t), linkDown, nodeDown, failedLink, failedNode);
            buffer.Clear();
            if (!g.Route(s, tree, _base.Options.Ecmp, buffer, linkDown, nodeDown))
            {
                disconnected.Add(_base.Demands[d]);
                continue;
            }
            foreach (var (e, f) in buffer) loads[e] += f * rate;
        }
        var over = new List<LinkStress>();
        double worstUtil = 0;
        string? worstLink = null;
        for (var l = 0; l < g.LinkCount; l++)
        {
            if (linkDown[l]) continue;
            var load = Math.Max(loads[2 * l], loads[2 * l + 1]);
            var u = load / g.Capacity[l];
            if (load > Required[l]) Required[l] = load;
            var name = g.Network.Links[l].Name;
            if (u > worstUtil || worstLink is null) { worstUtil = u; worstLink = name; }
            if (u >= target && load > Math.Max(_base.Loads[2 * l], _base.Loads[2 * l + 1]) * (1 + 1e-9)) over.Add(new LinkStress(name, u, load, g.Capacity[l]));
            if (u > worst[l].Util + 1e-12) worst[l] = (u, element);
        }
        return new FailureImpact
        {
            Element = element, Kind = kind, Disconnected = disconnected, EndpointDown = endpointDown,
            OverTarget = [.. over.OrderByDescending(o => o.Utilisation).ThenBy(o => o.Link, StringComparer.Ordinal)],
            WorstUtilisation = worstUtil, WorstLink = worstLink,
        };
    }

    private double Util(double[] loads, int l) => Math.Max(loads[2 * l], loads[2 * l + 1]) / _base.Graph.Capacity[l];
}
