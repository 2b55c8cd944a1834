using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Structure-aware JSON mutation: one value of a valid seed (any depth) is replaced by a hostile value — deep nesting,
/// a huge number, a long string, NaN/Infinity, a lone surrogate, a value of the wrong type — or a duplicate of a
/// sibling's key is added.
/// </summary>
internal static class JsonHostile
{
    private const string Marker = "FUZZ-HOSTILE-7f3a";
    private const string DuplicateKey = "FUZZ-DUPKEY-7f3a";

    /// <summary>Hostile JSON values (text).</summary>
    public static readonly Gen<string> Values = Gen.Frequency(
        (2, Gen.Int[2, 200_000].Select(d => new string('[', d) + new string(']', d))),
        (2, Gen.Int[2, 50_000].Select(d => new StringBuilder().Insert(0, "{\"a\":", d).Append('1').Append('}', d).ToString())),
        (1, Gen.Int[20, 100_000].Select(n => new string('9', n))),
        (1, Gen.Int[1, 9].Select(n => "1e" + new string('9', n))),
        (1, Gen.Int[1_000, 200_000].Select(n => "\"" + new string('x', n) + "\"")),
        (1, Gen.Int[100, 50_000].Select(n => "[" + string.Join(',', Enumerable.Repeat("0", n)) + "]")),
        (6, Gen.OneOf(
            "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "-0", "1e309", "-1e309", "1e-400",
            "9223372036854775808", "-9223372036854775809", "2147483648", "-1", "0", "1.5", "true", "false", "null", "\"\"",
            "[]", "{}", "[null]", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "\"\\u0000\"", "\"\\u202E\"", "\"dtmi:x:y;1\"", "\"dtmi:\"",
            "\"2024-02-30T25:61:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01\"", "[\"a\",1,null,{}]", "{\"@type\":[]}",
            "\"../../etc/passwd\"", "\"=cmd|' /C calc'!A0\"")));

    /// <summary>A seed with one value replaced (or one key duplicated).</summary>
    public static Gen<string> Mutate(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 1 << 16], Values, Gen.Int[0, 4],
            (seed, pick, value, mode) => Replace(seeds[seed], pick, value, duplicateKey: mode == 0));

    /// <summary>Replaces the <paramref name="pick"/>-th value (depth first, modulo the count) by <paramref name="value"/>.</summary>
    public static string Replace(string seed, int pick, string value, bool duplicateKey)
    {
        var root = JsonNode.Parse(seed) ?? throw new InvalidOperationException("a JSON seed must not be 'null'");
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[pick % nodes.Count];
        if (node.Parent is null) return value;
        switch (node.Parent)
        {
            case JsonObject parent when duplicateKey:
                var key = node.GetPropertyName();
                parent[DuplicateKey] = value.Length < 64 ? JsonValue.Create(Marker) : JsonValue.Create(0);
                return root.ToJsonString().Replace($"\"{DuplicateKey}\"", $"\"{key}\"").Replace($"\"{Marker}\"", value);
            case JsonObject parent:
                parent[node.GetPropertyName()] = JsonValue.Create(Marker);
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = JsonValue.Create(Marker);
                break;
        }
        return root.ToJsonString().Replace($"\"{Marker}\"", value);
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o.ToArray()) if (child is not null) Collect(child, into);
                break;
            case JsonArray a:
                foreach (var child in a.ToArray()) if (child is not null) Collect(child, into);
                break;
        }
    }
}
