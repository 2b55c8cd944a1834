namespace TwinLab.Network.AttackGraph;

/// <summary>
/// A MulVAL-style logical attack graph (Ou, Boyer and McQueen, "A Scalable Approach to Attack Graph Generation",
/// CCS 2006): LEAF nodes are primitive facts, AND nodes rule applications (labelled with the rule and its MITRE
/// ATT&amp;CK technique), OR nodes derived facts. Only facts the attacker can reach are derived, so every OR node is
/// reachable.
/// </summary>
/// <remarks>Immutable after <see cref="Build"/>; queries may run from several threads.</remarks>
public sealed partial class LogicalAttackGraph
{
    private readonly GraphStore _g;
    private readonly Lazy<Consumers> _consumers;

    private LogicalAttackGraph(GraphStore g, AttackGraphOptions options)
    {
        _g = g;
        Options = options;
        _consumers = new Lazy<Consumers>(() => new Consumers(g));
    }

    /// <summary>Derives the attack graph of a fact set.</summary>
    /// <exception cref="AttackFactException">A fact is malformed or inconsistent; the message names it.</exception>
    public static LogicalAttackGraph Build(AttackFacts facts, AttackGraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        options ??= AttackGraphOptions.Default;
        var index = new FactIndex(facts, options);
        return new LogicalAttackGraph(Derivation.Run(index, options), options);
    }

    /// <summary>The primitive facts the graph was derived from.</summary>
    public AttackFacts Facts => _g.Index.Facts;

    /// <summary>The options the graph was derived with.</summary>
    public AttackGraphOptions Options { get; }

    /// <summary>Number of nodes of all kinds (ids are 0 … NodeCount−1).</summary>
    public int NodeCount => _g.NodeCount;

    /// <summary>Number of LEAF nodes (primitive facts used by some rule application).</summary>
    public int LeafCount => _g.Leaves.Count;

    /// <summary>Number of AND nodes (rule applications).</summary>
    public int AndCount => _g.Ands.Count;

    /// <summary>Number of OR nodes (derived facts).</summary>
    public int OrCount => _g.Ors.Count;

    /// <summary>Number of edges (AND → premise and OR → deriving AND).</summary>
    public int EdgeCount => _g.Body.Count + _g.Ands.Count;

    /// <summary>A node by id.</summary>
    public AttackNode Node(int id)
    {
        var kind = _g.Kind[id];
        if (kind != AttackNodeKind.And) return new AttackNode(id, kind, _g.Label(id), null, null, 1, 0, false);
        var a = _g.AndOf(id);
        return new AttackNode(id, kind, _g.Label(id), a.Rule, a.Technique, a.Probability, a.MeanHours, AttackRules.IsAction(a.Rule));
    }

    /// <summary>All nodes in id order.</summary>
    public IEnumerable<AttackNode> Nodes => Enumerable.Range(0, NodeCount).Select(Node);

    /// <summary>A node's inputs: an AND node's premises (LEAF and OR nodes), an OR node's deriving AND nodes (in
    /// derivation order); none for a LEAF.</summary>
    public IReadOnlyList<int> Inputs(int id) => _g.Kind[id] switch
    {
        AttackNodeKind.And => _g.BodyOf(id).ToArray(),
        AttackNodeKind.Or => _g.DeriversOf(id),
        _ => [],
    };

    /// <summary>The id of the OR node an AND node concludes (its head).</summary>
    public int Head(int andNode) => _g.Kind[andNode] == AttackNodeKind.And
        ? _g.AndOf(andNode).Head
        : throw new ArgumentException($"node {andNode} is not an AND node", nameof(andNode));

    /// <summary>The derived fact of an OR node.</summary>
    public DerivedFact Fact(int orNode) => _g.Kind[orNode] == AttackNodeKind.Or
        ? _g.Fact(orNode)
        : throw new ArgumentException($"node {orNode} is not an OR node", nameof(orNode));

    /// <summary>All derived facts in derivation order (the fixpoint's order of first derivation).</summary>
    public IEnumerable<DerivedFact> DerivedFacts =>
        Enumerable.Range(0, NodeCount).Where(i => _g.Kind[i] == AttackNodeKind.Or).Select(_g.Fact);

    /// <summary>The OR node of a derived fact, or null when the attacker cannot reach it.</summary>
    public int? Find(DerivedFact fact) => _g.Key(fact) is { } key && _g.OrNode.TryGetValue(key, out var id) ? id : null;

    /// <summary>Whether the attacker can reach the goal.</summary>
    public bool IsReachable(DerivedFact goal) => Find(goal) is not null;

    /// <summary>Whether the attacker can run code on the host as any user.</summary>
    public bool CanCompromise(string host)
    {
        var h = _g.Index.Find(host);
        return h >= 0 && _g.Ors.Any(k => k.Kind == DerivedFactKind.ExecCode && k.A == h);
    }

    /// <summary>The goal fact of an asset: <c>assetCompromised(host)</c>.</summary>
    public static DerivedFact AssetGoal(string host) => DerivedFact.AssetCompromised(host);

    /// <summary>The crown-jewel assets.</summary>
    public IReadOnlyList<Asset> CrownJewels => [.. Facts.Assets.Where(a => a.CrownJewel)];

    internal GraphStore Store => _g;

    internal Consumers ConsumerIndex => _consumers.Value;

    private int RequireGoal(DerivedFact goal, string parameter) =>
        Find(goal) ?? throw new ArgumentException($"{goal} is not reachable by the attacker", parameter);
}
