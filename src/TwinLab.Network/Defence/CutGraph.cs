using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>
/// The part of an attack graph that matters for cutting a set of goals — the rule applications in the goals'
/// backward cone — with, for each rule application, its derived premises and the candidate measures that remove one
/// of its primitive premises ("hitters": choosing any of them disables the rule application).
/// </summary>
internal sealed class CutGraph
{
    private readonly LogicalAttackGraph _graph;
    private readonly List<int> _ands = [];
    private readonly Dictionary<int, int> _andIndex = [];
    private readonly List<int[]> _premises = [];
    private readonly List<int[]> _hitters = [];
    private readonly List<int> _heads = [];
    private readonly Dictionary<int, List<int>> _consumers = [];

    public CutGraph(LogicalAttackGraph graph, IReadOnlyList<DefenceMeasure> measures, IReadOnlyList<int> goals)
    {
        _graph = graph;
        Measures = measures;
        Goals = goals;
        var store = graph.Store;
        var leafHitters = new Dictionary<int, List<int>>();
        var lookup = new FactLookup(graph.Facts);
        for (var m = 0; m < measures.Count; m++)
        {
            var change = measures[m].Plan(lookup);
            if (!change.RemovesOnly)
                throw new DefenceMeasureException(measures[m].Id,
                    "adds facts (a moved host, or a firewall rule narrower than the hacl it blocks), so it cannot be part of a cut; use it in a what-if");
            foreach (var leaf in change.RemovedLeaves())
                if (store.LeafNode.TryGetValue(leaf, out var node))
                {
                    if (!leafHitters.TryGetValue(node, out var list)) leafHitters.Add(node, list = []);
                    list.Add(m);
                }
        }
        var seen = new HashSet<int>(goals);
        var stack = new Stack<int>(goals);
        var derived = new List<int>();
        var hitters = new List<int>();
        while (stack.Count > 0)
        {
            var or = stack.Pop();
            foreach (var a in graph.Inputs(or))
            {
                derived.Clear();
                hitters.Clear();
                foreach (var b in store.BodyOf(a))
                {
                    if (store.Kind[b] == AttackNodeKind.Or)
                    {
                        if (!derived.Contains(b)) derived.Add(b);
                        if (seen.Add(b)) stack.Push(b);
                    }
                    else if (leafHitters.TryGetValue(b, out var hs))
                        foreach (var h in hs)
                            if (!hitters.Contains(h)) hitters.Add(h);
                }
                _andIndex.Add(a, _ands.Count);
                _ands.Add(a);
                _heads.Add(graph.Head(a));
                _premises.Add([.. derived]);
                hitters.Sort();
                _hitters.Add([.. hitters]);
                foreach (var b in derived)
                {
                    if (!_consumers.TryGetValue(b, out var list)) _consumers.Add(b, list = []);
                    list.Add(_ands.Count - 1);
                }
            }
        }
        OrNodes = [.. seen.Order()];
    }

    public IReadOnlyList<DefenceMeasure> Measures { get; }
    public IReadOnlyList<int> Goals { get; }

    /// <summary>The OR nodes of the cone (goals included), ascending.</summary>
    public IReadOnlyList<int> OrNodes { get; }

    /// <summary>Number of rule applications in the cone.</summary>
    public int Count => _ands.Count;

    public int Head(int i) => _heads[i];
    public int[] DerivedPremises(int i) => _premises[i];
    public int[] Hitters(int i) => _hitters[i];

    /// <summary>Least fixpoint of the cone with the chosen measures applied: for each OR node, the rule application
    /// (cone index) that first derived it, or -1 when it is not derivable. The supports form an acyclic derivation.</summary>
    public Dictionary<int, int> Derive(IReadOnlySet<int> chosen)
    {
        var support = new Dictionary<int, int>();
        var remaining = new int[_ands.Count];
        var queue = new Queue<int>();
        for (var i = 0; i < _ands.Count; i++)
        {
            remaining[i] = _premises[i].Length;
            if (Blocked(i, chosen)) remaining[i] = -1;
            else if (remaining[i] == 0) queue.Enqueue(i);
        }
        while (queue.Count > 0)
        {
            var i = queue.Dequeue();
            var head = _heads[i];
            if (support.ContainsKey(head)) continue;
            support.Add(head, i);
            if (!_consumers.TryGetValue(head, out var users)) continue;
            foreach (var u in users)
                if (remaining[u] > 0 && --remaining[u] == 0) queue.Enqueue(u);
        }
        return support;
    }

    /// <summary>The goals derivable with the chosen measures.</summary>
    public List<int> DerivableGoals(IReadOnlySet<int> chosen)
    {
        var support = Derive(chosen);
        return [.. Goals.Where(support.ContainsKey)];
    }

    /// <summary>The rule applications (cone indices) of the derivation of <paramref name="goal"/> given by
    /// <paramref name="support"/>.</summary>
    public HashSet<int> Witness(int goal, Dictionary<int, int> support)
    {
        var used = new HashSet<int>();
        var stack = new Stack<int>([goal]);
        var seen = new HashSet<int>();
        while (stack.Count > 0)
        {
            var or = stack.Pop();
            if (!seen.Add(or)) continue;
            var i = support[or];
            used.Add(i);
            foreach (var b in _premises[i]) stack.Push(b);
        }
        return used;
    }

    /// <summary>The graph's AND node of a cone index.</summary>
    public int AndNode(int i) => _ands[i];

    public LogicalAttackGraph Graph => _graph;

    private bool Blocked(int i, IReadOnlySet<int> chosen)
    {
        foreach (var h in _hitters[i])
            if (chosen.Contains(h)) return true;
        return false;
    }
}
