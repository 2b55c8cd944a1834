namespace TwinLab.Network.AttackGraph;

/// <summary>Knuth's (1977) superior-function shortest derivation on the AND/OR graph: for every OR node, its least
/// cost and the AND node achieving it. Costs are non-negative, so a priority queue finalises OR nodes in cost order
/// and each best AND uses only OR nodes finalised before its head (no cycles in the result).</summary>
internal sealed class BestTree
{
    private BestTree(double[] cost, int[] best)
    {
        Cost = cost;
        Best = best;
    }

    public double[] Cost { get; }
    public int[] Best { get; }

    public static BestTree Compute(GraphStore g, Consumers consumers, Func<AndInfo, double> weight)
    {
        var n = g.NodeCount;
        var cost = new double[n];
        Array.Fill(cost, double.PositiveInfinity);
        var best = new int[n];
        Array.Fill(best, -1);
        var remaining = (int[])consumers.DerivedPremises.Clone();
        var sum = new double[n];
        var done = new bool[n];
        var queue = new PriorityQueue<int, (double, int)>();
        void Offer(int and)
        {
            var info = g.AndOf(and);
            var c = weight(info) + sum[and];
            if (double.IsPositiveInfinity(c) || c >= cost[info.Head]) return;
            cost[info.Head] = c;
            best[info.Head] = and;
            queue.Enqueue(info.Head, (c, info.Head));
        }
        for (var a = 0; a < n; a++)
            if (g.Kind[a] == AttackNodeKind.And && remaining[a] == 0) Offer(a);
        while (queue.TryDequeue(out var or, out var key))
        {
            if (done[or] || key.Item1 > cost[or]) continue;
            done[or] = true;
            foreach (var a in consumers.Of(or))
            {
                sum[a] += cost[or];
                if (--remaining[a] == 0) Offer(a);
            }
        }
        return new BestTree(cost, best);
    }
}
