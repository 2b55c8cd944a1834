using CsCheck;

namespace TwinLab.Fuzz.Tests.Grammars;

/// <summary>
/// Random event-route filters printed from the filter grammar: attributes and <c>$body</c> paths compared with literals,
/// STARTS_WITH / ENDS_WITH / CONTAINS / IS_DEFINED, AND / OR / NOT and parentheses.
/// </summary>
internal static class RouteFilterGrammar
{
    private static readonly Gen<string> Attribute = Gen.OneOf(
        "type", "source", "subject", "id", "specversion", "datacontenttype", "dataschema", "time", "branch", "sequence",
        "traceparent", "$body.temperature", "$body.patch", "$body['modelId']", "$body.a.b.c", "$body.$dtId", "$body.@id", "$body");

    private static readonly Gen<string> Literal = Gen.OneOf(
        "'room1'", "''", "'Microsoft.DigitalTwins.Twin.Create'", "\"dq\"", "'a\\'b'", "'\\n'", "0", "10", "-1", "2.5", "1e309",
        "-0", "99999999999999999999", "true", "false", "null");

    private static readonly Gen<string> Operand = Gen.Frequency((3, Attribute), (2, Literal));

    private static readonly Gen<string> Atom = Gen.Frequency(
        (4, Gen.Select(Operand, Gen.OneOf("=", "!=", "<", "<=", ">", ">=", "<>"), Operand, (l, o, r) => $"{l} {o} {r}")),
        (2, Gen.Select(Gen.OneOf("STARTS_WITH", "ENDS_WITH", "CONTAINS"), Operand, Operand, (f, a, b) => $"{f}({a}, {b})")),
        (1, Attribute.Select(a => $"IS_DEFINED({a})")),
        (1, Gen.OneOf("true", "false")));

    /// <summary>A condition up to <paramref name="depth"/> operators deep.</summary>
    public static Gen<string> Condition(int depth)
    {
        if (depth == 0) return Atom;
        var inner = Condition(depth - 1);
        return Gen.Frequency(
            (3, Atom),
            (2, Gen.Select(inner, Gen.OneOf("AND", "OR", "and"), inner, (l, o, r) => $"{l} {o} {r}")),
            (1, inner.Select(c => $"NOT {c}")),
            (1, inner.Select(c => $"({c})")));
    }

    /// <summary>Filter keywords and symbols for the blind mutator.</summary>
    public static readonly string[] Tokens =
    [
        " AND ", " OR ", " NOT ", "(", ")", "'", "\"", "\\", "$body", "$body.", "$", "['", "']", "=", "!=", "<", ">=", ",",
        "STARTS_WITH(", "IS_DEFINED(", "-", ".", "@", "type", "subject",
    ];
}
