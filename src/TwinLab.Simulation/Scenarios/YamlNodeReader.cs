using System.Globalization;
using TwinLab.Simulation.Random.Distributions;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Simulation.Scenarios;

/// <summary>
/// Reads a YAML mapping field by field, turning every problem into a <see cref="ScenarioFileException"/> at the
/// offending node's line and column. Unknown keys are errors (a typo must not be silently ignored) with a
/// "did you mean" hint.
/// </summary>
internal sealed class YamlNodeReader
{
    private readonly YamlMappingNode _map;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlNodeReader(string file, YamlNode node, string what)
    {
        File = file;
        Node = node;
        _map = node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (key: value lines)");
    }

    public string File { get; }
    public YamlNode Node { get; }

    public IEnumerable<string> Keys => _map.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "");

    public bool Has(string key) => Find(key) is not null;

    public YamlNode? Find(string key)
    {
        _read.Add(key);
        return _map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public YamlNode Require(string key, string hint)
    {
        var node = Find(key);
        if (node is null || node is YamlScalarNode { Value: null or "" } && node.Tag.IsEmpty && IsNull(node))
            throw Error(_map, $"'{key}' is missing", hint);
        return node;
    }

    public string? String(string key) => Find(key) is { } n ? Scalar(n, key) : null;

    public string RequireString(string key, string hint) => Scalar(Require(key, hint), key);

    public double? Double(string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        Find(key) is { } n ? ToDouble(n, key, min, max) : null;

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue) => Find(key) is { } n ? ToInt(n, key, min, max) : null;

    public bool? Bool(string key)
    {
        if (Find(key) is not { } n) return null;
        var text = Scalar(n, key);
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(n, $"'{key}' must be true or false, not '{text}'"),
        };
    }

    public YamlNodeReader? Map(string key, string what) => Find(key) is { } n ? new YamlNodeReader(File, n, what) : null;

    public IReadOnlyList<YamlNode> Sequence(string key)
    {
        if (Find(key) is not { } n) return [];
        return n switch
        {
            YamlSequenceNode s => s.Children.ToArray(),
            YamlScalarNode when IsNull(n) => [],
            YamlScalarNode => [n],
            _ => throw Error(n, $"'{key}' must be a list"),
        };
    }

    /// <summary>The entries of a mapping, in file order, with their key nodes (for positions).</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries() =>
        _map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", kv.Key, kv.Value));

    /// <summary>Fails on the first key that is not one of <paramref name="known"/>.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var (key, keyNode, _) in Entries())
        {
            if (known.Contains(key, StringComparer.Ordinal)) continue;
            var suggestion = Spelling.Suggest(key, known);
            throw Error(keyNode, $"unknown key '{key}'",
                suggestion is null ? $"allowed here: {string.Join(", ", known)}" : $"did you mean '{suggestion}'?");
        }
    }

    public string Scalar(YamlNode node, string key) => node is YamlScalarNode { Value: { } v }
        ? v
        : throw Error(node, $"'{key}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");

    public double ToDouble(YamlNode node, string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var text = Scalar(node, key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error(node, $"'{key}' must be a number, not '{text}'");
        if (value < min || value > max)
            throw Error(node, $"'{key}' is {text}; it must be {Range(min, max)}");
        return value;
    }

    public int ToInt(YamlNode node, string key, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Scalar(node, key);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(node, $"'{key}' must be a whole number, not '{text}'");
        if (value < min || value > max)
            throw Error(node, $"'{key}' is {text}; it must be {Range(min, max)}");
        return value;
    }

    public ScenarioFileException Error(YamlNode node, string problem, string? hint = null) =>
        new(File, node.Start.Line, node.Start.Column, problem, hint);

    private static bool IsNull(YamlNode node) => node is YamlScalarNode s && (s.Value is null or "" or "~" or "null") && s.Style == YamlDotNet.Core.ScalarStyle.Plain;

    private static string Range(double min, double max) =>
        double.IsNegativeInfinity(min) ? $"at most {max.ToString(CultureInfo.InvariantCulture)}"
        : double.IsPositiveInfinity(max) || max == int.MaxValue ? $"at least {min.ToString(CultureInfo.InvariantCulture)}"
        : $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}";
}
