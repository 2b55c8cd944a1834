using System.Text;
using CsCheck;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Structure-aware YAML mutation: the value of one <c>key: value</c> line of a valid seed is replaced by a hostile value
/// (an alias bomb, deep flow nesting, a long scalar, a tag, a special float), or
/// the line is repeated (a duplicate key).
/// </summary>
internal static class YamlHostile
{
    /// <summary>Hostile YAML values for one line (a value of <c>"*bomb"</c> asks for the alias-bomb anchors).</summary>
    public static readonly Gen<string> Values = Gen.Frequency(
        (2, Gen.Int[2, 50_000].Select(d => new string('[', d) + new string(']', d))),
        (1, Gen.Int[2, 20_000].Select(d => new StringBuilder().Insert(0, "{a: ", d).Append('1').Append('}', d).ToString())),
        (1, Gen.Int[1_000, 200_000].Select(n => new string('x', n))),
        (1, Gen.Int[20, 50_000].Select(n => new string('9', n))),
        (2, Gen.Const("*bomb")),
        (6, Gen.OneOf(
            ".nan", ".inf", "-.inf", "NaN", "1e309", "-1e309", "9223372036854775808", "0x7FFFFFFFFFFFFFFFF", "0o777", "~", "null",
            "[]", "{}", "''", "\"\\ud800\"", "\"\\0\"", "*undefined", "&a", "!!binary aGVsbG8=", "!!python/object:os.system x",
            "!<tag:yaml.org,2002:str> x", "!!map {}", "!!seq []", "!!int x", "{a: 1, a: 2}", "[1, [2, [3]]]", "|\n  multi\n  line",
            ">-\n  folded", "'unterminated", "\"unterminated", "- a\n- b", "? complex\n: key", "2024-02-30", "25:61", "-1", "0",
            "1.5", "yes", "no", "on", "\t", "\uFEFF", "😀", "%", "@", "`")));

    /// <summary>A seed with one line's value replaced, or one line repeated.</summary>
    public static Gen<string> Mutate(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 1 << 16], Values, Gen.Int[1, 9], Gen.Int[0, 5],
            (seed, pick, value, levels, mode) => Replace(seeds[seed], pick, value, levels, duplicate: mode == 0));

    /// <summary>Replaces the value of the <paramref name="pick"/>-th <c>key: value</c> line.</summary>
    public static string Replace(string seed, int pick, string value, int levels, bool duplicate)
    {
        var lines = seed.Split('\n').ToList();
        var keyed = Enumerable.Range(0, lines.Count).Where(i => lines[i].Contains(": ", StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith('#')).ToArray();
        if (keyed.Length == 0) return value;
        var line = keyed[pick % keyed.Length];
        if (duplicate)
        {
            lines.Insert(line + 1, lines[line]);
            return string.Join('\n', lines);
        }
        var colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
        lines[line] = lines[line][..(colon + 2)] + (value == "*bomb" ? Bomb(levels) : value);
        return string.Join('\n', lines);
    }

    /// <summary>"Billion laughs" in YAML, in one flow value: each anchor is a list of ten aliases of the one before, so
    /// the last expands to 10^<paramref name="levels"/> items for a reader that copies aliases instead of sharing them.</summary>
    public static string Bomb(int levels)
    {
        var b = new StringBuilder("[&b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]");
        for (var i = 1; i <= levels; i++)
            b.Append($", &b{i} [").AppendJoin(", ", Enumerable.Repeat($"*b{i - 1}", 10)).Append(']');
        return b.Append(']').ToString();
    }
}
