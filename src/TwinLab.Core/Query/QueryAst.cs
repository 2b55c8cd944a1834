namespace TwinLab.Core.Query;

/// <summary>A parsed query, before names are bound to collections.</summary>
internal sealed record QueryAst(SelectClause Select, FromClause From, Expr? Where);

/// <summary>What the SELECT clause returns.</summary>
internal enum SelectKind
{
    /// <summary><c>SELECT *</c> (or <c>SELECT TOP(n)</c> with no list).</summary>
    All,
    /// <summary><c>SELECT COUNT()</c>.</summary>
    Count,
    /// <summary>A projection list.</summary>
    List,
}

/// <summary>The SELECT clause.</summary>
internal sealed record SelectClause(SelectKind Kind, IReadOnlyList<Projection> Items, int? Top);

/// <summary>One projected path, optionally renamed with <c>AS</c>.</summary>
internal sealed record Projection(PathExpr Path, string? As);

/// <summary>The collection a query reads.</summary>
internal enum CollectionKind
{
    /// <summary><c>DIGITALTWINS</c>.</summary>
    Twins,
    /// <summary><c>RELATIONSHIPS</c>.</summary>
    Relationships,
}

/// <summary>The FROM clause: a collection with an optional alias, then JOINs or one MATCH.</summary>
internal sealed record FromClause(CollectionKind Kind, Name? Alias, IReadOnlyList<JoinClause> Joins, MatchPattern? Match);

/// <summary>A name with the position it appears at.</summary>
internal sealed record Name(string Text, int Position);

/// <summary><c>JOIN Target RELATED Source.relationshipName [RelAlias]</c>.</summary>
internal sealed record JoinClause(Name Target, Name Source, Name RelationshipName, Name? RelationshipAlias, int Position);

/// <summary>A MATCH chain: <c>Nodes[0] Edges[0] Nodes[1] …</c>.</summary>
internal sealed record MatchPattern(IReadOnlyList<NodePattern> Nodes, IReadOnlyList<EdgePattern> Edges);

/// <summary>A node <c>(alias)</c>; anonymous when <see cref="Alias"/> is null.</summary>
internal sealed record NodePattern(Name? Alias, int Position);

/// <summary>Which way an edge pattern points, relative to the node written to its left.</summary>
internal enum EdgeDirection
{
    /// <summary><c>-[]-&gt;</c>: from left to right.</summary>
    Out,
    /// <summary><c>&lt;-[]-</c>: from right to left.</summary>
    In,
    /// <summary><c>-[]-</c>: either way.</summary>
    Both,
}

/// <summary>An edge pattern <c>-[alias:name1|name2*min..max]-&gt;</c>.</summary>
internal sealed record EdgePattern(Name? Alias, IReadOnlyList<string> Names, EdgeDirection Direction, int MinHops, int MaxHops, int Position);

/// <summary>An expression of the WHERE clause.</summary>
internal abstract record Expr(int Position);

/// <summary>Kinds of literal values.</summary>
internal enum LiteralKind
{
    /// <summary><c>null</c>.</summary>
    Null,
    /// <summary><c>true</c> / <c>false</c>.</summary>
    Bool,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A string.</summary>
    String,
}

/// <summary>A literal.</summary>
internal sealed record LiteralExpr(LiteralKind Kind, string? String, double Number, bool Bool, int Position) : Expr(Position)
{
    /// <summary>The literal as a query value.</summary>
    public QValue ToValue() => Kind switch
    {
        LiteralKind.Null => QValue.Null,
        LiteralKind.Bool => QValue.FromBool(Bool),
        LiteralKind.Number => QValue.FromNumber(Number),
        _ => QValue.FromString(String!),
    };
}

/// <summary>A dotted path such as <c>T.thermostat.setpoint</c>; the first segment may be an alias.</summary>
internal sealed record PathExpr(IReadOnlyList<Name> Segments, int Position) : Expr(Position)
{
    /// <summary>The path as written.</summary>
    public override string ToString() => string.Join('.', Segments.Select(s => s.Text));
}

/// <summary>Comparison operators.</summary>
internal enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary><c>Left op Right</c>.</summary>
internal sealed record CompareExpr(Expr Left, CompareOp Op, Expr Right, int Position) : Expr(Position);

/// <summary><c>Value IN [items]</c> or <c>Value NIN [items]</c>.</summary>
internal sealed record InExpr(Expr Value, IReadOnlyList<LiteralExpr> Items, bool Negated, int Position) : Expr(Position);

/// <summary><c>Left AND Right</c>.</summary>
internal sealed record AndExpr(Expr Left, Expr Right, int Position) : Expr(Position);

/// <summary><c>Left OR Right</c>.</summary>
internal sealed record OrExpr(Expr Left, Expr Right, int Position) : Expr(Position);

/// <summary><c>NOT Inner</c>.</summary>
internal sealed record NotExpr(Expr Inner, int Position) : Expr(Position);

/// <summary>A function call; <see cref="Name"/> is upper case.</summary>
internal sealed record FunctionExpr(string Name, IReadOnlyList<Expr> Arguments, int Position) : Expr(Position);
