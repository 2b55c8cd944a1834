namespace TwinLab.Network.AttackGraph;

/// <summary>For each OR node, the AND nodes that use it as a premise (CSR arrays), and per AND node the number of
/// derived premises.</summary>
internal sealed class Consumers
{
    public Consumers(GraphStore g)
    {
        var n = g.NodeCount;
        Start = new int[n + 1];
        DerivedPremises = new int[n];
        for (var a = 0; a < n; a++)
        {
            if (g.Kind[a] != AttackNodeKind.And) continue;
            foreach (var b in g.BodyOf(a))
                if (g.Kind[b] == AttackNodeKind.Or) { Start[b + 1]++; DerivedPremises[a]++; }
        }
        for (var i = 0; i < n; i++) Start[i + 1] += Start[i];
        Items = new int[Start[n]];
        var fill = (int[])Start.Clone();
        for (var a = 0; a < n; a++)
        {
            if (g.Kind[a] != AttackNodeKind.And) continue;
            foreach (var b in g.BodyOf(a))
                if (g.Kind[b] == AttackNodeKind.Or) Items[fill[b]++] = a;
        }
    }

    public int[] Start { get; }
    public int[] Items { get; }
    public int[] DerivedPremises { get; }

    public ReadOnlySpan<int> Of(int orNode) => Items.AsSpan(Start[orNode], Start[orNode + 1] - Start[orNode]);
}
