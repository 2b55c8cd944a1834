namespace TwinLab.Network.Capacity;

/// <summary>The link network indexed for routing: nodes and links by number, adjacency sorted by link order.</summary>
/// <remarks>Shortest paths are computed towards a destination (one Dijkstra per destination, reused by every demand
/// to it); a demand then walks from its source along links on which the distance drops by exactly the link's weight.
/// Links are undirected for routing and full-duplex for load: index 2l is A→B, 2l+1 is B→A.</remarks>
internal sealed class LinkGraph
{
    private const double Tolerance = 1e-9;
    private readonly int[] _adjStart;
    private readonly int[] _adjLink;
    private readonly int[] _adjNode;

    public LinkGraph(CapacityNetwork network)
    {
        Network = network;
        NodeNames = [.. network.Nodes.Select(n => n.Name)];
        for (var i = 0; i < NodeNames.Length; i++) NodeIndex[NodeNames[i]] = i;
        var links = network.Links;
        A = new int[links.Count];
        B = new int[links.Count];
        Weight = new double[links.Count];
        Capacity = new double[links.Count];
        Delay = new double[links.Count];
        for (var l = 0; l < links.Count; l++)
        {
            A[l] = NodeIndex[links[l].A];
            B[l] = NodeIndex[links[l].B];
            Weight[l] = links[l].Weight;
            Capacity[l] = links[l].Capacity;
            Delay[l] = links[l].Delay;
        }
        var degree = new int[NodeNames.Length + 1];
        for (var l = 0; l < links.Count; l++) { degree[A[l] + 1]++; degree[B[l] + 1]++; }
        for (var i = 0; i < NodeNames.Length; i++) degree[i + 1] += degree[i];
        _adjStart = degree;
        _adjLink = new int[2 * links.Count];
        _adjNode = new int[2 * links.Count];
        var fill = (int[])degree.Clone();
        for (var l = 0; l < links.Count; l++)
        {
            _adjLink[fill[A[l]]] = l; _adjNode[fill[A[l]]++] = B[l];
            _adjLink[fill[B[l]]] = l; _adjNode[fill[B[l]]++] = A[l];
        }
    }

    public CapacityNetwork Network { get; }

    public string[] NodeNames { get; }

    public Dictionary<string, int> NodeIndex { get; } = new(StringComparer.Ordinal);

    public int[] A { get; }

    public int[] B { get; }

    public double[] Weight { get; }

    public double[] Capacity { get; }

    public double[] Delay { get; }

    public int LinkCount => A.Length;

    public int NodeCount => NodeNames.Length;

    /// <summary>Distances to <paramref name="destination"/> with some links and nodes out of service.</summary>
    public double[] DistancesTo(int destination, bool[]? linkDown = null, bool[]? nodeDown = null)
    {
        var dist = new double[NodeCount];
        Array.Fill(dist, double.PositiveInfinity);
        if (nodeDown?[destination] == true) return dist;
        dist[destination] = 0;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(destination, 0);
        while (queue.TryDequeue(out var u, out var d))
        {
            if (d > dist[u]) continue;
            for (var k = _adjStart[u]; k < _adjStart[u + 1]; k++)
            {
                var l = _adjLink[k];
                var v = _adjNode[k];
                if (linkDown?[l] == true || nodeDown?[v] == true) continue;
                var nd = d + Weight[l];
                if (nd < dist[v])
                {
                    dist[v] = nd;
                    queue.Enqueue(v, nd);
                }
            }
        }
        return dist;
    }

    /// <summary>Distances to a destination after one link or node fails, from the distances before: only nodes whose
    /// every shortest path crossed the failure can get farther, so only they are searched again (the idea of
    /// Ramalingam and Reps' dynamic shortest paths, J. Algorithms 21, 1996); everything else keeps its distance.</summary>
    /// <param name="before">Distances to the destination with everything up.</param>
    /// <param name="linkDown">The failed link marked (and, for a node, all its links).</param>
    /// <param name="nodeDown">The failed node marked, or null for a link failure.</param>
    /// <param name="failedLink">The failed link, or -1.</param>
    /// <param name="failedNode">The failed node, or -1.</param>
    public double[] DistancesAfter(double[] before, bool[] linkDown, bool[]? nodeDown, int failedLink, int failedNode)
    {
        var dist = (double[])before.Clone();
        var upstream = new HashSet<int>();
        var stack = new Stack<int>();
        void Seed(int x)
        {
            if (upstream.Add(x)) stack.Push(x);
        }
        if (failedLink >= 0)
        {
            if (Tight(before, A[failedLink], failedLink, B[failedLink])) Seed(A[failedLink]);
            if (Tight(before, B[failedLink], failedLink, A[failedLink])) Seed(B[failedLink]);
        }
        else
        {
            dist[failedNode] = double.PositiveInfinity;
            for (var k = _adjStart[failedNode]; k < _adjStart[failedNode + 1]; k++)
                if (Tight(before, _adjNode[k], _adjLink[k], failedNode)) Seed(_adjNode[k]);
        }
        // Every node with some shortest path through the failure.
        while (stack.TryPop(out var y))
            for (var k = _adjStart[y]; k < _adjStart[y + 1]; k++)
            {
                var (l, x) = (_adjLink[k], _adjNode[k]);
                if (!linkDown[l] && nodeDown?[x] != true && Tight(before, x, l, y)) Seed(x);
            }
        // Of those, the ones left with no shortest path around it (decided nearest first: a next hop is always nearer).
        var affected = new HashSet<int>();
        foreach (var x in upstream.OrderBy(x => before[x]).ThenBy(x => x))
        {
            var kept = false;
            for (var k = _adjStart[x]; k < _adjStart[x + 1] && !kept; k++)
            {
                var (l, v) = (_adjLink[k], _adjNode[k]);
                kept = !linkDown[l] && nodeDown?[v] != true && !affected.Contains(v) && Tight(before, x, l, v);
            }
            if (!kept) affected.Add(x);
        }
        if (affected.Count == 0) return dist;
        var queue = new PriorityQueue<int, double>();
        foreach (var x in affected)
        {
            var best = double.PositiveInfinity;
            for (var k = _adjStart[x]; k < _adjStart[x + 1]; k++)
            {
                var (l, v) = (_adjLink[k], _adjNode[k]);
                if (!linkDown[l] && nodeDown?[v] != true && !affected.Contains(v)) best = Math.Min(best, Weight[l] + before[v]);
            }
            dist[x] = best;
            if (best < double.PositiveInfinity) queue.Enqueue(x, best);
        }
        while (queue.TryDequeue(out var u, out var d))
        {
            if (d > dist[u]) continue;
            for (var k = _adjStart[u]; k < _adjStart[u + 1]; k++)
            {
                var (l, v) = (_adjLink[k], _adjNode[k]);
                if (linkDown[l] || !affected.Contains(v)) continue;
                var nd = d + Weight[l];
                if (nd < dist[v])
                {
                    dist[v] = nd;
                    queue.Enqueue(v, nd);
                }
            }
        }
        return dist;
    }

    private bool Tight(double[] dist, int x, int link, int y) =>
        !double.IsPositiveInfinity(dist[x]) && Math.Abs(dist[x] - (Weight[link] + dist[y])) <= Tolerance * Math.Max(1, dist[x]);

    /// <summary>Routes one unit from <paramref name="source"/> towards the destination of <paramref name="dist"/>,
    /// adding (directed link index, fraction) pairs; false when the destination cannot be reached.</summary>
    public bool Route(int source, double[] dist, bool ecmp, List<(int Edge, double Fraction)> into, bool[]? linkDown = null, bool[]? nodeDown = null)
    {
        if (double.IsPositiveInfinity(dist[source]) || nodeDown?[source] == true) return false;
        if (!ecmp)
        {
            var u = source;
            while (dist[u] > 0)
            {
                var (l, v) = NextHops(u, dist, linkDown, nodeDown).First();
                into.Add((Edge(l, u), 1));
                u = v;
            }
            return true;
        }
        // Equal split at every node over its equal-cost next hops; nodes are settled in decreasing distance, so every
        // node's share is complete before it is passed on.
        var share = new Dictionary<int, double> { [source] = 1 };
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(source, -dist[source]);
        while (queue.TryDequeue(out var u, out _))
        {
            if (dist[u] == 0) continue;
            var f = share[u];
            var hops = NextHops(u, dist, linkDown, nodeDown).ToList();
            foreach (var (l, v) in hops)
            {
                into.Add((Edge(l, u), f / hops.Count));
                if (share.TryGetValue(v, out var s)) share[v] = s + f / hops.Count;
                else
                {
                    share[v] = f / hops.Count;
                    queue.Enqueue(v, -dist[v]);
                }
            }
        }
        return true;
    }

    /// <summary>The nodes of the single (tie-broken) shortest path.</summary>
    public List<int> PathNodes(int source, double[] dist)
    {
        var nodes = new List<int> { source };
        if (double.IsPositiveInfinity(dist[source])) return nodes;
        var u = source;
        while (dist[u] > 0)
        {
            u = NextHops(u, dist, null, null).First().Node;
            nodes.Add(u);
        }
        return nodes;
    }

    public int Edge(int link, int from) => from == A[link] ? 2 * link : 2 * link + 1;

    private IEnumerable<(int Link, int Node)> NextHops(int u, double[] dist, bool[]? linkDown, bool[]? nodeDown)
    {
        for (var k = _adjStart[u]; k < _adjStart[u + 1]; k++)
        {
            var l = _adjLink[k];
            var v = _adjNode[k];
            if (linkDown?[l] == true || nodeDown?[v] == true) continue;
            if (Math.Abs(dist[u] - (Weight[l] + dist[v])) <= Tolerance * Math.Max(1, dist[u])) yield return (l, v);
        }
    }
}
