using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing;

/// <summary>
/// Recursive-descent parser that compiles a filter straight into delegates (no tree is kept): <c>OR</c> binds loosest,
/// then <c>AND</c>, <c>NOT</c>, one comparison, and operands (literals, attributes, <c>$body</c> paths, functions,
/// parentheses).
/// </summary>
internal sealed class RouteFilterParser
{
    /// <summary>Nesting deeper than this is refused, so a hostile filter cannot exhaust the stack.</summary>
    private const int MaxDepth = 64;

    private readonly List<Token> _tokens;
    private int _next;
    private int _depth;

    private RouteFilterParser(List<Token> tokens) => _tokens = tokens;

    /// <summary>What an operand is, so misuse (a string where a condition belongs) is caught when parsing.</summary>
    private enum Shape { Condition, Literal, Attribute, Body }

    private delegate FilterValue Eval(TwinLabEvent e);

    private sealed record Operand(Eval Eval, Shape Shape, int Position, string Text)
    {
        public FilterValue? Constant { get; init; }
        public string? Attribute { get; init; }
    }

    public static Func<TwinLabEvent, bool> Compile(string text)
    {
        var tokens = RouteFilterLexer.Tokenize(text);
        if (tokens[0].Kind == TokenKind.End) throw RouteFilterLexer.Error("the filter is empty", 1);
        var parser = new RouteFilterParser(tokens);
        var root = parser.ParseOr();
        var end = parser.Peek;
        if (end.Kind != TokenKind.End) throw RouteFilterLexer.Error($"unexpected {end.Describe()}", end.Position);
        RequireCondition(root);
        if (root.Constant is { } constant)
        {
            var result = constant.IsTrue;
            return _ => result;
        }
        var eval = root.Eval;
        return e => eval(e).IsTrue;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private bool IsKeyword(string keyword) =>
        Peek.Kind == TokenKind.Identifier && string.Equals(Peek.Text, keyword, StringComparison.OrdinalIgnoreCase);

    private Operand ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("OR"))
        {
            Take();
            var right = ParseAnd();
            RequireCondition(left);
            RequireCondition(right);
            var (a, b) = (left.Eval, right.Eval);
            left = new Operand(e => FilterValue.Of(a(e).IsTrue || b(e).IsTrue), Shape.Condition, left.Position, "OR");
        }
        return left;
    }

    private Operand ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword("AND"))
        {
            Take();
            var right = ParseNot();
            RequireCondition(left);
            RequireCondition(right);
            var (a, b) = (left.Eval, right.Eval);
            left = new Operand(e => FilterValue.Of(a(e).IsTrue && b(e).IsTrue), Shape.Condition, left.Position, "AND");
        }
        return left;
    }

    private Operand ParseNot()
    {
        if (!IsKeyword("NOT")) return ParseComparison();
        var not = Take();
        Enter(not.Position);
        var operand = ParseNot();
        _depth--;
        RequireCondition(operand);
        var a = operand.Eval;
        return new Operand(e => FilterValue.Of(!a(e).IsTrue), Shape.Condition, not.Position, "NOT");
    }

    private Operand ParseComparison()
    {
        var left = ParseOperand();
        if (Peek.Kind != TokenKind.Operator) return left;
        var op = Take();
        var right = ParseOperand();
        if (Peek.Kind == TokenKind.Operator)
            throw RouteFilterLexer.Error($"comparisons cannot be chained; unexpected '{Peek.Text}' (use AND)", Peek.Position);
        return CompileComparison(left, op, right);
    }

    private Operand ParseOperand()
    {
        var t = Take();
        switch (t.Kind)
        {
            case TokenKind.LeftParen:
            {
                Enter(t.Position);
                var inner = ParseOr();
                _depth--;
                var close = Take();
                if (close.Kind != TokenKind.RightParen)
                    throw RouteFilterLexer.Error($"expected ')' to close the '(' at position {t.Position}, not {close.Describe()}", close.Position);
                return inner;
            }
            case TokenKind.String:
                return Literal(FilterValue.Of(t.Text), t);
            case TokenKind.Number:
                return Literal(FilterValue.Of(t.Number), t);
            case TokenKind.Minus:
            {
                var n = Take();
                if (n.Kind != TokenKind.Number) throw RouteFilterLexer.Error("expected a number after '-'", n.Position);
                return Literal(FilterValue.Of(-n.Number), t);
            }
            case TokenKind.BodyPath:
                return BodyPath(t);
            case TokenKind.Identifier:
                return Identifier(t);
            case TokenKind.End:
                throw RouteFilterLexer.Error("unexpected end of filter; expected a value or condition", t.Position);
            default:
                throw RouteFilterLexer.Error($"unexpected {t.Describe()}; expected a value or condition", t.Position);
        }
    }

    private void Enter(int position)
    {
        if (++_depth > MaxDepth) throw RouteFilterLexer.Error($"the filter is nested more than {MaxDepth} levels deep", position);
    }

    private static Operand Literal(FilterValue value, Token t) =>
        new(_ => value, value.Kind == FilterKind.Bool ? Shape.Condition : Shape.Literal, t.Position, t.Text) { Constant = value };

    private Operand Identifier(Token t)
    {
        var name = t.Text.ToLowerInvariant();
        switch (name)
        {
            case "true": return Literal(FilterValue.True, t);
            case "false": return Literal(FilterValue.False, t);
            case "null": return Literal(FilterValue.Null, t);
            case "and" or "or" or "not":
                throw RouteFilterLexer.Error($"unexpected '{t.Text}'; expected a value or condition", t.Position);
        }
        if (Peek.Kind == TokenKind.LeftParen) return Function(t);
        Eval? eval = name switch
        {
            "type" => e => FilterValue.Of(e.Type),
            "source" => e => FilterValue.Of(e.Source),
            "subject" => e => FilterValue.Of(e.Subject),
            "id" => e => FilterValue.Of(e.Id),
            "specversion" => _ => SpecVersion,
            "datacontenttype" => _ => ContentType,
            "dataschema" => e => FilterValue.Of(e.DataSchema),
            "time" => e => FilterValue.Of(TwinJson.Format(e.Time)),
            "branch" => e => FilterValue.Of(e.Branch),
            "sequence" => e => e.Sequence is { } s ? FilterValue.Of(s) : FilterValue.Undefined,
            "traceparent" => e => FilterValue.Of(e.TraceParent),
            _ => null,
        };
        if (eval is null)
            throw RouteFilterLexer.Error($"unknown attribute '{t.Text}' (expected type, source, subject, id, specversion, dataschema, datacontenttype, time, branch, sequence or $body.<path>)", t.Position);
        return new Operand(eval, Shape.Attribute, t.Position, t.Text) { Attribute = name };
    }

    private static readonly FilterValue SpecVersion = FilterValue.Of("1.0");
    private static readonly FilterValue ContentType = FilterValue.Of("application/json");

    private static Operand BodyPath(Token t)
    {
        var path = t.Path.ToArray();
        return new Operand(e =>
        {
            JsonNode? node = e.Data;
            if (node is null) return path.Length == 0 ? FilterValue.Null : FilterValue.Undefined;
            foreach (var segment in path)
            {
                // ADT does not filter inside arrays, so only objects are walked.
                if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node)) return FilterValue.Undefined;
            }
            return FilterValue.FromJson(node, found: true);
        }, Shape.Body, t.Position, t.Text);
    }

    private Operand Function(Token name)
    {
        var open = Take();
        var args = new List<Operand>();
        Enter(open.Position);
        if (Peek.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                args.Add(ParseOr());
                if (Peek.Kind == TokenKind.Comma) { Take(); continue; }
                break;
            }
        }
        _depth--;
        var close = Take();
        if (close.Kind != TokenKind.RightParen)
            throw RouteFilterLexer.Error($"expected ',' or ')' in {name.Text}(…), not {close.Describe()}", close.Position);
        var fn = name.Text.ToUpperInvariant();
        switch (fn)
        {
            case "STARTS_WITH" or "ENDS_WITH" or "CONTAINS":
            {
                Arity(name, args, 2);
                var (a, b) = (args[0].Eval, args[1].Eval);
                Func<string, string, bool> test = fn switch
                {
                    "STARTS_WITH" => (x, y) => x.StartsWith(y, StringComparison.Ordinal),
                    "ENDS_WITH" => (x, y) => x.EndsWith(y, StringComparison.Ordinal),
                    _ => (x, y) => x.Contains(y, StringComparison.Ordinal),
                };
                return new Operand(e =>
                {
                    var x = a(e);
                    if (x.Kind != FilterKind.String) return FilterValue.False;
                    var y = b(e);
                    return FilterValue.Of(y.Kind == FilterKind.String && test(x.Text!, y.Text!));
                }, Shape.Condition, name.Position, fn);
            }
            case "IS_DEFINED":
            {
                Arity(name, args, 1);
                if (args[0].Shape is not (Shape.Body or Shape.Attribute))
                    throw RouteFilterLexer.Error("IS_DEFINED takes an attribute or a $body path", args[0].Position);
                var a = args[0].Eval;
                return new Operand(e => FilterValue.Of(a(e).Kind != FilterKind.Undefined), Shape.Condition, name.Position, fn);
            }
            default:
                throw RouteFilterLexer.Error($"unknown function '{name.Text}' (expected STARTS_WITH, ENDS_WITH, CONTAINS or IS_DEFINED)", name.Position);
        }
    }

    private static void Arity(Token name, List<Operand> args, int count)
    {
        if (args.Count != count)
            throw RouteFilterLexer.Error($"{name.Text.ToUpperInvariant()} takes {count} argument{(count == 1 ? "" : "s")}, not {args.Count}", name.Position);
    }

    private static void RequireCondition(Operand o)
    {
        // A $body path may hold a boolean ($body.poweredOn); anything else where a condition belongs is a mistake such as
        // "type = 'a' OR 'b'".
        if (o.Shape is Shape.Condition or Shape.Body) return;
        throw RouteFilterLexer.Error($"expected a condition, not {(o.Shape == Shape.Literal ? "the literal" : "the attribute")} '{o.Text}'", o.Position);
    }

    private static Operand CompileComparison(Operand left, Token op, Operand right)
    {
        var cmp = op.Text switch
        {
            "=" => Comparison.Eq,
            "!=" => Comparison.Ne,
            "<" => Comparison.Lt,
            "<=" => Comparison.Le,
            ">" => Comparison.Gt,
            _ => Comparison.Ge,
        };
        if (TimeComparison(left, cmp, right) is { } timed) return timed;
        if (left.Constant is { } lc && right.Constant is { } rc)
        {
            var folded = FilterValue.Of(Compare(lc, rc, cmp));
            return new Operand(_ => folded, Shape.Condition, left.Position, op.Text) { Constant = folded };
        }
        var (a, b) = (left.Eval, right.Eval);
        if (right.Constant is { } constant)
            return new Operand(e => FilterValue.Of(Compare(a(e), constant, cmp)), Shape.Condition, left.Position, op.Text);
        return new Operand(e => FilterValue.Of(Compare(a(e), b(e), cmp)), Shape.Condition, left.Position, op.Text);
    }

    /// <summary><c>time</c> against a string literal that reads as a date and time compares instants, not text.</summary>
    private static Operand? TimeComparison(Operand left, Comparison cmp, Operand right)
    {
        var (attr, literal, flipped) = left.Attribute == "time" ? (left, right, false) : right.Attribute == "time" ? (right, left, true) : (null, null, false);
        if (attr is null || literal?.Constant is not { Kind: FilterKind.String } c) return null;
        if (!DateTimeOffset.TryParse(c.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)) return null;
        var at = instant.UtcTicks;
        return new Operand(e =>
        {
            var d = e.Time.UtcTicks.CompareTo(at);
            return FilterValue.Of(Holds(flipped ? -d : d, cmp));
        }, Shape.Condition, left.Position, "time");
    }

    private enum Comparison : byte { Eq, Ne, Lt, Le, Gt, Ge }

    private static bool Compare(FilterValue a, FilterValue b, Comparison cmp)
    {
        if (a.Kind is FilterKind.Undefined or FilterKind.Complex || b.Kind is FilterKind.Undefined or FilterKind.Complex) return false;
        if (a.Kind != b.Kind) return cmp == Comparison.Ne;
        int d;
        switch (a.Kind)
        {
            case FilterKind.Null:
                d = 0;
                if (cmp is not (Comparison.Eq or Comparison.Ne)) return false;
                break;
            case FilterKind.Bool:
                if (cmp is not (Comparison.Eq or Comparison.Ne)) return false;
                d = a.Bool == b.Bool ? 0 : 1;
                break;
            case FilterKind.Number:
                if (double.IsNaN(a.Number) || double.IsNaN(b.Number)) return cmp == Comparison.Ne;
                d = a.Number.CompareTo(b.Number);
                break;
            default:
                d = string.CompareOrdinal(a.Text, b.Text);
                break;
        }
        return Holds(d, cmp);
    }

    private static bool Holds(int d, Comparison cmp) => cmp switch
    {
        Comparison.Eq => d == 0,
        Comparison.Ne => d != 0,
        Comparison.Lt => d < 0,
        Comparison.Le => d <= 0,
        Comparison.Gt => d > 0,
        _ => d >= 0,
    };
}
