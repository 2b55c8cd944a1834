namespace TwinLab.Core.Query;

/// <summary>
/// Recursive-descent parser for the Azure Digital Twins query language; produces a <see cref="QueryAst"/>
/// and enforces the documented limits.
/// </summary>
internal sealed class QueryParser
{
    /// <summary>Longest accepted query text.</summary>
    public const int MaxQueryLength = 8000;
    /// <summary>Most AND/OR operators in one query.</summary>
    public const int MaxLogicalTerms = 50;
    /// <summary>Most items in one IN / NIN list.</summary>
    public const int MaxInItems = 50;
    /// <summary>Most JOIN clauses.</summary>
    public const int MaxJoins = 5;
    /// <summary>Most hops of one MATCH relationship pattern.</summary>
    public const int MaxHops = 10;

    /// <summary>Functions and how many arguments each takes (min, max).</summary>
    internal static readonly IReadOnlyDictionary<string, (int Min, int Max)> Functions = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        ["IS_OF_MODEL"] = (1, 3),
        ["IS_DEFINED"] = (1, 1),
        ["IS_NULL"] = (1, 1),
        ["IS_BOOL"] = (1, 1),
        ["IS_NUMBER"] = (1, 1),
        ["IS_STRING"] = (1, 1),
        ["IS_PRIMITIVE"] = (1, 1),
        ["IS_OBJECT"] = (1, 1),
        ["STARTSWITH"] = (2, 2),
        ["ENDSWITH"] = (2, 2),
        ["CONTAINS"] = (2, 2),
        ["ARRAY_CONTAINS"] = (2, 2),
    };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "JOIN", "RELATED", "MATCH", "AND", "OR", "NOT", "IN", "NIN", "AS", "TOP",
        "DIGITALTWINS", "RELATIONSHIPS", "TRUE", "FALSE", "NULL",
    };

    private readonly List<Token> _tokens;
    private int _index;
    private int _logicalTerms;

    private QueryParser(List<Token> tokens) => _tokens = tokens;

    /// <summary>Parses query text.</summary>
    /// <exception cref="QuerySyntaxException">The text is not a valid query or breaks a limit.</exception>
    public static QueryAst Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxQueryLength)
            throw new QuerySyntaxException(MaxQueryLength,
                $"expected at most {MaxQueryLength:N0} characters but the query has {text.Length:N0}");
        return new QueryParser(QueryLexer.Tokenize(text)).ParseQuery();
    }

    private Token Peek => _tokens[_index];

    private Token PeekAt(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];

    private Token Advance()
    {
        var t = _tokens[_index];
        if (_index < _tokens.Count - 1) _index++;
        return t;
    }

    private QuerySyntaxException Expected(string what) => Expected(what, Peek);

    private static QuerySyntaxException Expected(string what, Token found) =>
        new(found.Position, $"expected {what} but found {found.Describe()}");

    private Token Expect(TokenKind kind, string what) => Peek.Kind == kind ? Advance() : throw Expected(what);

    private void ExpectKeyword(string keyword)
    {
        if (!Peek.Is(keyword)) throw Expected(keyword);
        Advance();
    }

    private static bool IsReserved(Token t) => t.Kind == TokenKind.Identifier && Reserved.Contains(t.Text);

    // ------------------------------------------------------------------ clauses

    private QueryAst ParseQuery()
    {
        ExpectKeyword("SELECT");
        var select = ParseSelect();
        ExpectKeyword("FROM");
        var from = ParseFrom();
        Expr? where = null;
        if (Peek.Is("WHERE"))
        {
            Advance();
            where = ParseOr();
            if (Peek.Kind != TokenKind.End) throw Expected("AND, OR or end of query");
        }
        if (Peek.Kind != TokenKind.End)
        {
            var canJoin = from.Kind == CollectionKind.Twins && from.Match is null;
            throw Expected(canJoin ? "JOIN, WHERE or end of query" : "WHERE or end of query");
        }
        return new QueryAst(select, from, where);
    }

    private SelectClause ParseSelect()
    {
        int? top = null;
        if (Peek.Is("TOP"))
        {
            Advance();
            Expect(TokenKind.LeftParen, "'(' after TOP");
            var n = Peek;
            if (n.Kind != TokenKind.Number || n.Number < 1 || n.Number != Math.Floor(n.Number) || n.Number > int.MaxValue)
                throw Expected("a positive integer in TOP(n)", n);
            Advance();
            top = (int)n.Number;
            Expect(TokenKind.RightParen, "')' after the TOP count");
        }
        if (Peek.Kind == TokenKind.Star)
        {
            Advance();
            return new SelectClause(SelectKind.All, [], top);
        }
        if (Peek.Is("COUNT") && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            if (top is not null) throw Expected("'*', a projection or FROM (TOP cannot be combined with COUNT())");
            Advance();
            Advance();
            Expect(TokenKind.RightParen, "')' (COUNT takes no arguments)");
            return new SelectClause(SelectKind.Count, [], null);
        }
        if (top is not null && Peek.Is("FROM")) return new SelectClause(SelectKind.All, [], top);

        var items = new List<Projection>();
        while (true)
        {
            if (Peek.Kind != TokenKind.Identifier || IsReserved(Peek))
                throw Expected(items.Count == 0 ? "'*', COUNT() or a projection" : "a projection after ','");
            var path = ParsePath();
            string? alias = null;
            if (Peek.Is("AS"))
            {
                Advance();
                if (Peek.Kind != TokenKind.Identifier || IsReserved(Peek)) throw Expected("a name after AS");
                alias = Advance().Text;
            }
            items.Add(new Projection(path, alias));
            if (Peek.Kind != TokenKind.Comma) break;
            Advance();
        }
        return new SelectClause(SelectKind.List, items, top);
    }

    private FromClause ParseFrom()
    {
        CollectionKind kind;
        if (Peek.Is("DIGITALTWINS")) kind = CollectionKind.Twins;
        else if (Peek.Is("RELATIONSHIPS")) kind = CollectionKind.Relationships;
        else throw Expected("DIGITALTWINS or RELATIONSHIPS");
        Advance();

        if (kind == CollectionKind.Twins && Peek.Is("MATCH"))
        {
            Advance();
            return new FromClause(kind, null, [], ParseMatch());
        }

        Name? alias = null;
        if (Peek.Is("AS"))
        {
            Advance();
            if (Peek.Kind != TokenKind.Identifier || IsReserved(Peek)) throw Expected("an alias after AS");
        }
        if (Peek.Kind == TokenKind.Identifier && !IsReserved(Peek))
        {
            var t = Advance();
            alias = new Name(t.Text, t.Position);
        }

        var joins = new List<JoinClause>();
        while (Peek.Is("JOIN"))
        {
            var joinToken = Advance();
            if (kind != CollectionKind.Twins)
                throw new QuerySyntaxException(joinToken.Position, "expected WHERE or end of query but found 'JOIN' (JOIN needs FROM DIGITALTWINS)");
            if (joins.Count == MaxJoins)
                throw new QuerySyntaxException(joinToken.Position, $"expected at most {MaxJoins} JOIN clauses but found another 'JOIN'");
            var target = ExpectName("an alias after JOIN");
            ExpectKeyword("RELATED");
            var source = ExpectName("Alias.relationshipName after RELATED");
            Expect(TokenKind.Dot, $"'.' and a relationship name after '{source.Text}'");
            if (Peek.Kind != TokenKind.Identifier) throw Expected("a relationship name");
            var relToken = Advance();
            Name? relAlias = null;
            if (Peek.Kind == TokenKind.Identifier && !IsReserved(Peek))
            {
                var t = Advance();
                relAlias = new Name(t.Text, t.Position);
            }
            joins.Add(new JoinClause(target, source, new Name(relToken.Text, relToken.Position), relAlias, joinToken.Position));
        }
        return new FromClause(kind, alias, joins, null);
    }

    private Name ExpectName(string what)
    {
        if (Peek.Kind != TokenKind.Identifier || IsReserved(Peek)) throw Expected(what);
        var t = Advance();
        return new Name(t.Text, t.Position);
    }

    // ------------------------------------------------------------------ MATCH

    private MatchPattern ParseMatch()
    {
        var nodes = new List<NodePattern> { ParseNode() };
        var edges = new List<EdgePattern>();
        do
        {
            edges.Add(ParseEdge());
            nodes.Add(ParseNode());
        }
        while (Peek.Kind is TokenKind.Minus or TokenKind.Less);
        return new MatchPattern(nodes, edges);
    }

    private NodePattern ParseNode()
    {
        var open = Expect(TokenKind.LeftParen, "'(' to start a MATCH node");
        Name? alias = null;
        if (Peek.Kind == TokenKind.Identifier)
        {
            if (IsReserved(Peek)) throw Expected("a node alias or ')'");
            var t = Advance();
            alias = new Name(t.Text, t.Position);
        }
        Expect(TokenKind.RightParen, "')' to close the MATCH node");
        return new NodePattern(alias, open.Position);
    }

    private EdgePattern ParseEdge()
    {
        var position = Peek.Position;
        var left = false;
        if (Peek.Kind == TokenKind.Less)
        {
            Advance();
            left = true;
            Expect(TokenKind.Minus, "'-' after '<'");
        }
        else
        {
            Expect(TokenKind.Minus, "a relationship pattern ('-[…]->', '<-[…]-' or '-[…]-') after the MATCH node");
        }

        Name? alias = null;
        var names = new List<string>();
        int min = 1, max = 1;
        if (Peek.Kind == TokenKind.LeftBracket)
        {
            Advance();
            if (Peek.Kind == TokenKind.Identifier)
            {
                var t = Advance();
                alias = new Name(t.Text, t.Position);
            }
            if (Peek.Kind == TokenKind.Colon)
            {
                Advance();
                while (true)
                {
                    if (Peek.Kind != TokenKind.Identifier) throw Expected(names.Count == 0 ? "a relationship name after ':'" : "a relationship name after '|'");
                    names.Add(Advance().Text);
                    if (Peek.Kind != TokenKind.Pipe) break;
                    Advance();
                }
            }
            if (Peek.Kind == TokenKind.Star)
            {
                Advance();
                (min, max) = ParseHops();
            }
            Expect(TokenKind.RightBracket, names.Count == 0 && alias is null && min == 1 && max == 1
                ? "an alias, ':name', '*hops' or ']' in the relationship pattern"
                : "']' to close the relationship pattern");
            if (alias is not null && (min != 1 || max != 1))
                throw new QuerySyntaxException(alias.Position,
                    $"expected no alias on a variable-length relationship pattern but found '{alias.Text}' (only single-hop relationships can be named)");
        }
        Expect(TokenKind.Minus, "'-' to close the relationship pattern");
        var right = false;
        if (Peek.Kind == TokenKind.Greater)
        {
            if (left) throw Expected("'(' (a relationship pattern cannot point both ways)");
            Advance();
            right = true;
        }
        var direction = right ? EdgeDirection.Out : left ? EdgeDirection.In : EdgeDirection.Both;
        return new EdgePattern(alias, names, direction, min, max, position);
    }

    private (int Min, int Max) ParseHops()
    {
        int min, max;
        if (Peek.Kind == TokenKind.Number)
        {
            min = ExpectHopCount();
            if (Peek.Kind == TokenKind.DotDot)
            {
                Advance();
                max = Peek.Kind == TokenKind.Number ? ExpectHopCount() : MaxHops;
            }
            else max = min;
        }
        else if (Peek.Kind == TokenKind.DotDot)
        {
            Advance();
            min = 1;
            max = ExpectHopCount();
        }
        else throw Expected("a hop count (n, n..m or ..m) after '*'");
        if (max < min)
            throw new QuerySyntaxException(Peek.Position, $"expected the upper hop count to be at least {min} but found {max}");
        return (min, max);
    }

    private int ExpectHopCount()
    {
        var t = Peek;
        if (t.Kind != TokenKind.Number || t.Number != Math.Floor(t.Number) || t.Number < 1)
            throw Expected("a hop count (a positive integer)");
        if (t.Number > MaxHops)
            throw Expected($"a hop count of at most {MaxHops}");
        Advance();
        return (int)t.Number;
    }

    // ------------------------------------------------------------------ expressions

    private void CountLogicalTerm(Token op)
    {
        if (++_logicalTerms > MaxLogicalTerms)
            throw new QuerySyntaxException(op.Position, $"expected at most {MaxLogicalTerms} AND/OR terms but found more");
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Is("OR"))
        {
            var op = Advance();
            CountLogicalTerm(op);
            left = new OrExpr(left, ParseAnd(), op.Position);
        }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Peek.Is("AND"))
        {
            var op = Advance();
            CountLogicalTerm(op);
            left = new AndExpr(left, ParseNot(), op.Position);
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (Peek.Is("NOT") && !PeekAt(1).Is("IN"))
        {
            var not = Advance();
            return new NotExpr(ParseNot(), not.Position);
        }
        return ParsePredicate();
    }

    private Expr ParsePredicate()
    {
        var left = ParseOperand();
        var t = Peek;
        CompareOp? op = t.Kind switch
        {
            TokenKind.Equal => CompareOp.Equal,
            TokenKind.NotEqual => CompareOp.NotEqual,
            TokenKind.Less => CompareOp.Less,
            TokenKind.LessOrEqual => CompareOp.LessOrEqual,
            TokenKind.Greater => CompareOp.Greater,
            TokenKind.GreaterOrEqual => CompareOp.GreaterOrEqual,
            _ => null,
        };
        if (op is { } o)
        {
            Advance();
            return new CompareExpr(left, o, ParseOperand(), t.Position);
        }
        if (t.Is("IN"))
        {
            Advance();
            return new InExpr(left, ParseList(), false, t.Position);
        }
        if (t.Is("NIN"))
        {
            Advance();
            return new InExpr(left, ParseList(), true, t.Position);
        }
        if (t.Is("NOT") && PeekAt(1).Is("IN"))
        {
            Advance();
            Advance();
            return new InExpr(left, ParseList(), true, t.Position);
        }
        return left;
    }

    private List<LiteralExpr> ParseList()
    {
        var open = Peek;
        if (open.Kind is not (TokenKind.LeftBracket or TokenKind.LeftParen)) throw Expected("'[' or '(' to start the IN list");
        Advance();
        var close = open.Kind == TokenKind.LeftBracket ? TokenKind.RightBracket : TokenKind.RightParen;
        var closeText = close == TokenKind.RightBracket ? "']'" : "')'";
        var items = new List<LiteralExpr>();
        if (Peek.Kind == close)
        {
            Advance();
            return items;
        }
        while (true)
        {
            var itemToken = Peek;
            var item = TryParseLiteral() ?? throw Expected("a literal (string, number, true, false or null) in the IN list");
            if (items.Count == MaxInItems)
                throw new QuerySyntaxException(itemToken.Position, $"expected at most {MaxInItems} items in an IN list but found more");
            items.Add(item);
            if (Peek.Kind == TokenKind.Comma)
            {
                Advance();
                continue;
            }
            Expect(close, $"',' or {closeText} in the IN list");
            return items;
        }
    }

    private LiteralExpr? TryParseLiteral()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.String:
                Advance();
                return new LiteralExpr(LiteralKind.String, t.Value, 0, false, t.Position);
            case TokenKind.Number:
                Advance();
                return new LiteralExpr(LiteralKind.Number, null, t.Number, false, t.Position);
            case TokenKind.Minus when PeekAt(1).Kind == TokenKind.Number:
                Advance();
                var n = Advance();
                return new LiteralExpr(LiteralKind.Number, null, -n.Number, false, t.Position);
            case TokenKind.Identifier when t.Is("true") || t.Is("false"):
                Advance();
                return new LiteralExpr(LiteralKind.Bool, null, 0, t.Is("true"), t.Position);
            case TokenKind.Identifier when t.Is("null"):
                Advance();
                return new LiteralExpr(LiteralKind.Null, null, 0, false, t.Position);
            default:
                return null;
        }
    }

    private Expr ParseOperand()
    {
        if (TryParseLiteral() is { } literal) return literal;
        var t = Peek;
        if (t.Kind == TokenKind.LeftParen)
        {
            Advance();
            var inner = ParseOr();
            Expect(TokenKind.RightParen, "')'");
            return inner;
        }
        if (t.Kind == TokenKind.Identifier && PeekAt(1).Kind == TokenKind.LeftParen && !IsReserved(t))
            return ParseFunction();
        if (t.Kind == TokenKind.Identifier && !IsReserved(t)) return ParsePath();
        throw Expected("a value (a path, a literal, a function call or '(')");
    }

    private FunctionExpr ParseFunction()
    {
        var nameToken = Advance();
        var name = nameToken.Text.ToUpperInvariant();
        if (!Functions.TryGetValue(name, out var arity))
            throw new QuerySyntaxException(nameToken.Position,
                $"expected a function ({string.Join(", ", Functions.Keys)}) but found unknown function '{nameToken.Text}'");
        Advance(); // (
        var args = new List<Expr>();
        if (Peek.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                args.Add(ParseOr());
                if (Peek.Kind != TokenKind.Comma) break;
                Advance();
            }
        }
        if (Peek.Kind != TokenKind.RightParen) throw Expected($"',' or ')' in the arguments of {name}");
        var close = Advance();
        if (args.Count < arity.Min || args.Count > arity.Max)
        {
            var expected = arity.Min == arity.Max ? $"{arity.Min}" : $"{arity.Min} to {arity.Max}";
            throw new QuerySyntaxException(close.Position, $"expected {expected} argument(s) to {name} but found {args.Count}");
        }
        return new FunctionExpr(name, args, nameToken.Position);
    }

    private PathExpr ParsePath()
    {
        var first = Advance();
        var segments = new List<Name> { new(first.Text, first.Position) };
        while (Peek.Kind == TokenKind.Dot)
        {
            Advance();
            if (Peek.Kind != TokenKind.Identifier) throw Expected("a property name after '.'");
            var s = Advance();
            segments.Add(new Name(s.Text, s.Position));
        }
        return new PathExpr(segments, first.Position);
    }
}
