namespace TwinLab.Network.AttackGraph;

/// <summary>Strongly connected components of the AND/OR graph (premise → rule application → conclusion), by
/// Tarjan's algorithm (SIAM J. Computing 1(2), 1972), iterative so deep graphs do not overflow the stack.</summary>
internal static class StronglyConnected
{
    /// <summary>The components of the AND and OR nodes, premises' components before their consumers'.</summary>
    public static List<List<int>> TopologicalComponents(GraphStore g, Consumers consumers)
    {
        var n = g.NodeCount;
        var index = new int[n];
        var low = new int[n];
        Array.Fill(index, -1);
        var onStack = new bool[n];
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        var call = new Stack<(int Node, int Edge)>();
        var counter = 0;
        for (var root = 0; root < n; root++)
        {
            if (g.Kind[root] == AttackNodeKind.Leaf || index[root] >= 0) continue;
            call.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            while (call.Count > 0)
            {
                var (v, e) = call.Pop();
                var isOr = g.Kind[v] == AttackNodeKind.Or;
                var count = isOr ? consumers.Start[v + 1] - consumers.Start[v] : 1;
                if (e < count)
                {
                    call.Push((v, e + 1));
                    var w = isOr ? consumers.Items[consumers.Start[v] + e] : g.AndOf(v).Head;
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = counter++;
                        stack.Push(w);
                        onStack[w] = true;
                        call.Push((w, 0));
                    }
                    else if (onStack[w]) low[v] = Math.Min(low[v], index[w]);
                    continue;
                }
                if (low[v] == index[v])
                {
                    var component = new List<int>();
                    int w;
                    do { w = stack.Pop(); onStack[w] = false; component.Add(w); } while (w != v);
                    components.Add(component);
                }
                if (call.Count > 0)
                {
                    var parent = call.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }
        // Tarjan emits a component after every component reachable from it: consumers first. Reverse for premises first.
        components.Reverse();
        return components;
    }
}
