using CsCheck;

namespace TwinLab.Fuzz.Tests.Grammars;

/// <summary>
/// Random ADT queries printed from a small grammar: SELECT (TOP, COUNT, projections, aliases) over DIGITALTWINS or
/// RELATIONSHIPS, JOIN … RELATED, MATCH paths with hop ranges, and WHERE trees of comparisons, IN/NIN lists, functions,
/// NOT and parentheses. Most are valid; unknown properties and wrong types exercise the evaluator, not only the parser.
/// </summary>
internal static class QueryGrammar
{
    private static readonly Gen<string> Alias = Gen.OneOf("T", "R", "a", "b", "room", "x");

    private static readonly Gen<string> Property = Gen.OneOf(
        "name", "level", "temperature", "$dtId", "$etag", "$metadata.$model", "capacity", "x", "occupied", "area",
        "$metadata.temperature.lastUpdateTime", "$sourceId", "$relationshipName", "$targetId", "a.b.c", "['name']");

    private static readonly Gen<string> Literal = Gen.OneOf(
        "0", "1", "-1", "2.5", "1e308", "1e309", "-0", "9223372036854775808", "'a'", "''", "'Lobby'", "'dtmi:twinlab:building:Room;1'",
        "'\\u0041'", "'\\''", "true", "false", "null", "[]", "[1, 2]", "['a', 'b']", "[1, 'a', null]", "\"dq\"");

    private static readonly Gen<string> Operator = Gen.OneOf("=", "!=", "<", "<=", ">", ">=", "<>");

    private static readonly Gen<string> Function = Gen.OneOf(
        "IS_OF_MODEL", "IS_DEFINED", "IS_NULL", "IS_BOOL", "IS_NUMBER", "IS_STRING", "IS_PRIMITIVE", "IS_OBJECT",
        "STARTSWITH", "ENDSWITH", "CONTAINS", "ARRAY_CONTAINS");

    private static readonly Gen<string> Path = Gen.Select(Alias, Property, (a, p) => p.StartsWith('[') ? a + p : $"{a}.{p}");

    private static readonly Gen<string> Operand = Gen.Frequency((3, Path), (2, Literal), (1, Alias));

    private static readonly Gen<string> Atom = Gen.Frequency(
        (4, Gen.Select(Operand, Operator, Operand, (l, o, r) => $"{l} {o} {r}")),
        (1, Gen.Select(Path, Gen.OneOf("IN", "NIN"), Literal.Array[0, 5], (p, o, items) => $"{p} {o} [{string.Join(", ", items)}]")),
        (2, Gen.Select(Function, Operand.Array[0, 4], (f, args) => $"{f}({string.Join(", ", args)})")),
        (1, Gen.Select(Alias, Literal, Gen.OneOf("", ", exact"), (a, m, e) => $"IS_OF_MODEL({a}, {m}{e})")));

    /// <summary>A WHERE condition up to <paramref name="depth"/> operators deep.</summary>
    public static Gen<string> Condition(int depth)
    {
        if (depth == 0) return Atom;
        var inner = Condition(depth - 1);
        return Gen.Frequency(
            (3, Atom),
            (2, Gen.Select(inner, Gen.OneOf("AND", "OR", "and", "Or"), inner, (l, o, r) => $"{l} {o} {r}")),
            (1, inner.Select(c => $"NOT {c}")),
            (1, inner.Select(c => $"({c})")));
    }

    private static readonly Gen<string> Projection = Gen.Frequency(
        (3, Gen.Const("*")), (1, Gen.Const("COUNT()")), (2, Alias), (2, Path),
        (1, Gen.Select(Path, Alias, (p, a) => $"{p} AS {a}")),
        (1, Gen.Select(Path.Array[1, 3], paths => string.Join(", ", paths))));

    private static readonly Gen<string> Top = Gen.Frequency((3, Gen.Const("")), (1, Gen.OneOf("TOP(1) ", "TOP(0) ", "TOP(-1) ", "TOP(99999999999) ", "TOP(a) ")));

    private static readonly Gen<string> Hops = Gen.OneOf("", "*", "*2", "*1..3", "*0..2", "*3..10", "*11", "*2..1", "*..3", "*1..");

    private static readonly Gen<string> Source = Gen.Frequency(
        (4, Alias.Select(a => $"DIGITALTWINS {a}")),
        (1, Gen.Const("DIGITALTWINS")),
        (1, Alias.Select(a => $"RELATIONSHIPS {a}")),
        (2, Gen.Select(Alias, Alias, Gen.OneOf("hasFloor", "hasRoom", "contains", "servedBy", "x"), Alias.Array[1, 3],
            (a, b, rel, more) => $"DIGITALTWINS {a} JOIN {b} RELATED {a}.{rel}" + string.Concat(more.Select(m => $" JOIN {m}{m} RELATED {b}.{rel}")))),
        (2, Gen.Select(Alias, Alias, Gen.OneOf("", ":contains", ":hasFloor|hasRoom", "r:x"), Hops, Gen.OneOf("->", "-", "<-"),
            (a, b, rel, hops, arrow) => $"DIGITALTWINS MATCH ({a})-[{rel}{hops}]{arrow}({b})")));

    /// <summary>Whole queries.</summary>
    public static readonly Gen<string> Query = Gen.Select(Top, Projection, Source, Gen.Frequency((1, Gen.Const("")), (4, Condition(4).Select(c => " WHERE " + c))),
        (top, projection, source, where) => $"SELECT {top}{projection} FROM {source}{where}");

    /// <summary>Query keywords and symbols for the blind mutator.</summary>
    public static readonly string[] Tokens =
    [
        "SELECT ", " FROM ", " WHERE ", " JOIN ", " RELATED ", " MATCH ", " AND ", " OR ", " NOT ", " IN ", " NIN ", " AS ",
        "TOP(", "COUNT()", "DIGITALTWINS", "RELATIONSHIPS", "(", ")", "[", "]", "-[", "]->", "*", "..", ".", ",", "'", "\"",
        "\\", "$dtId", "$metadata", "IS_OF_MODEL(", "STARTSWITH(", "=", "!=", "<", ">=", "@", "#", "--", "/*", ";",
    ];
}
