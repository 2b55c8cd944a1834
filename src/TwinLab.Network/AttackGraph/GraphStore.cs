namespace TwinLab.Network.AttackGraph;

/// <summary>Which primitive-fact list a LEAF node comes from.</summary>
internal enum LeafKind : byte
{
    AttackerLocated, Hacl, HostGroup, Service, Vulnerability, VulnProperty, Account, StoredCredential,
    CredentialValidity, Trust, ClientProgram, Asset,
}

/// <summary>A derived fact over interned ids: ExecCode(host, user), NetAccess(host, protocol, port),
/// CanLogin(host, user), CredentialCompromised(credential), GroupFoothold(group), AssetCompromised(host).</summary>
internal readonly record struct FactKey(DerivedFactKind Kind, int A, int B = -1, int C = -1);

/// <summary>One rule application.</summary>
internal struct AndInfo
{
    public AttackRule Rule;
    public string? Technique;
    public double Probability;
    public double MeanHours;
    public int Head;
    public int BodyStart;
    public int BodyCount;
    /// <summary>The next AND deriving the same head, or -1 (a linked list, so OR nodes need no list each).</summary>
    public int NextDeriver;
}

/// <summary>The AND/OR graph as flat arrays: node ids are dense over LEAF, AND and OR nodes together, in creation
/// order; an OR node is created when its fact is first derived, so OR order is the fixpoint's derivation order.</summary>
internal sealed class GraphStore(FactIndex index)
{
    public FactIndex Index { get; } = index;
    public List<AttackNodeKind> Kind { get; } = [];
    /// <summary>Index into <see cref="Leaves"/>, <see cref="Ands"/> or <see cref="Ors"/> by kind.</summary>
    public List<int> Ref { get; } = [];
    public List<(LeafKind Kind, int Fact)> Leaves { get; } = [];
    public Dictionary<(LeafKind, int), int> LeafNode { get; } = [];
    public List<FactKey> Ors { get; } = [];
    public List<int> OrFirstDeriver { get; } = [];
    public Dictionary<FactKey, int> OrNode { get; } = [];
    public List<AndInfo> Ands { get; } = [];
    public List<int> Body { get; } = [];

    public int NodeCount => Kind.Count;

    public int Leaf(LeafKind kind, int fact)
    {
        if (LeafNode.TryGetValue((kind, fact), out var id)) return id;
        id = NewNode(AttackNodeKind.Leaf, Leaves.Count);
        Leaves.Add((kind, fact));
        LeafNode.Add((kind, fact), id);
        return id;
    }

    /// <summary>The OR node of a fact, creating it if new (<paramref name="created"/>).</summary>
    public int Or(FactKey fact, out bool created)
    {
        created = false;
        if (OrNode.TryGetValue(fact, out var id)) return id;
        id = NewNode(AttackNodeKind.Or, Ors.Count);
        Ors.Add(fact);
        OrFirstDeriver.Add(-1);
        OrNode.Add(fact, id);
        created = true;
        return id;
    }

    public int And(AttackRule rule, string? technique, double probability, double hours, int head, ReadOnlySpan<int> body)
    {
        var id = NewNode(AttackNodeKind.And, Ands.Count);
        var orRef = Ref[head];
        Ands.Add(new AndInfo
        {
            Rule = rule, Technique = technique, Probability = probability, MeanHours = hours, Head = head,
            BodyStart = Body.Count, BodyCount = body.Length, NextDeriver = OrFirstDeriver[orRef],
        });
        OrFirstDeriver[orRef] = id;
        foreach (var b in body) Body.Add(b);
        return id;
    }

    public ref readonly AndInfo AndOf(int node) => ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Ands)[Ref[node]];

    public ReadOnlySpan<int> BodyOf(int andNode)
    {
        ref readonly var a = ref AndOf(andNode);
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Body).Slice(a.BodyStart, a.BodyCount);
    }

    /// <summary>The AND nodes deriving an OR node, most recent first.</summary>
    public List<int> DeriversOf(int orNode)
    {
        var list = new List<int>();
        for (var a = OrFirstDeriver[Ref[orNode]]; a >= 0; a = AndOf(a).NextDeriver) list.Add(a);
        list.Reverse();
        return list;
    }

    public DerivedFact Fact(int orNode)
    {
        var k = Ors[Ref[orNode]];
        var n = Index.Names;
        return k.Kind switch
        {
            DerivedFactKind.ExecCode => DerivedFact.ExecCode(n[k.A], n[k.B]),
            DerivedFactKind.NetAccess => DerivedFact.NetAccess(n[k.A], n[k.B], k.C),
            DerivedFactKind.CanLogin => DerivedFact.CanLogin(n[k.A], n[k.B]),
            DerivedFactKind.CredentialCompromised => DerivedFact.CredentialCompromised(n[k.A]),
            DerivedFactKind.GroupFoothold => DerivedFact.GroupFoothold(n[k.A]),
            _ => DerivedFact.AssetCompromised(n[k.A]),
        };
    }

    public FactKey? Key(DerivedFact fact)
    {
        var a = Index.Find(fact.Subject);
        if (a < 0) return null;
        switch (fact.Kind)
        {
            case DerivedFactKind.ExecCode or DerivedFactKind.CanLogin:
                var u = Index.Find(fact.User ?? "");
                return u < 0 ? null : new FactKey(fact.Kind, a, u);
            case DerivedFactKind.NetAccess:
                var p = Index.Find((fact.Protocol ?? "").ToLowerInvariant());
                return p < 0 ? null : new FactKey(fact.Kind, a, p, fact.Port);
            default:
                return new FactKey(fact.Kind, a);
        }
    }

    public string Label(int node)
    {
        var r = Ref[node];
        switch (Kind[node])
        {
            case AttackNodeKind.Or:
                return Fact(node).ToString();
            case AttackNodeKind.And:
                return AttackRules.Name(Ands[r].Rule);
            default:
                var (kind, i) = Leaves[r];
                var f = Index.Facts;
                object fact = kind switch
                {
                    LeafKind.AttackerLocated => f.AttackerLocations[i],
                    LeafKind.Hacl => f.Hacls[i],
                    LeafKind.HostGroup => f.HostGroups[i],
                    LeafKind.Service => f.Services[i],
                    LeafKind.Vulnerability => f.Vulnerabilities[i],
                    LeafKind.VulnProperty => f.VulnProperties[i],
                    LeafKind.Account => f.Accounts[i],
                    LeafKind.StoredCredential => f.StoredCredentials[i],
                    LeafKind.CredentialValidity => f.CredentialValidity[i],
                    LeafKind.Trust => f.Trusts[i],
                    LeafKind.ClientProgram => f.ClientPrograms[i],
                    _ => f.Assets[i],
                };
                return fact.ToString()!;
        }
    }

    private int NewNode(AttackNodeKind kind, int reference)
    {
        Kind.Add(kind);
        Ref.Add(reference);
        return Kind.Count - 1;
    }
}
