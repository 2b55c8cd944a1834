using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// One YAML mapping of a roster file, read key by key. Every problem becomes a <see cref="RosterFileException"/> at
/// the offending node, named by its path (<c>agents[2].shifts[0].end</c>); unknown keys are errors so typos surface.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _map;

    public YamlMap(string source, YamlNode node, string path)
    {
        Source = source;
        Path = path;
        _map = node as YamlMappingNode ?? throw Error(node, path, "must be a mapping (key: value lines)");
    }

    public string Source { get; }

    public string Path { get; }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Find(string key) =>
        _map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public YamlNode Require(string key, string what) =>
        Find(key) ?? throw Error(_map, PathOf(key), $"is missing ({what})");

    public string? String(string key) => Find(key) is { } n ? Scalar(n, PathOf(key)) : null;

    public double? Double(string key, double min, double max) => Find(key) is { } n ? ToDouble(n, PathOf(key), min, max) : null;

    public int? Int(string key, int min, int max)
    {
        if (Find(key) is not { } n) return null;
        var text = Scalar(n, PathOf(key));
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(n, PathOf(key), $"'{text}' is not a whole number");
        if (value < min || value > max) throw Error(n, PathOf(key), $"is {text}; it must be between {min} and {max}");
        return value;
    }

    /// <summary>A list; a single value counts as a list of one.</summary>
    public IReadOnlyList<YamlNode> List(string key) => Find(key) switch
    {
        null => [],
        YamlSequenceNode s => [.. s.Children],
        YamlScalarNode n => [n],
        var other => throw Error(other, PathOf(key), "must be a list"),
    };

    public IEnumerable<(string Key, YamlNode Value)> Entries() =>
        _map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", kv.Value));

    public void RejectUnknown(params string[] known)
    {
        foreach (var (keyNode, _) in _map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (known.Contains(key, StringComparer.Ordinal)) continue;
            throw Error(keyNode, PathOf(key), $"unknown key{Suggestion.Hint(key, known)}; allowed here: {string.Join(", ", known)}");
        }
    }

    public string Scalar(YamlNode node, string path) => node is YamlScalarNode { Value: { } v }
        ? v.Trim()
        : throw Error(node, path, $"must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");

    /// <summary>A number; "30%" reads as 0.3.</summary>
    public double ToDouble(YamlNode node, string path, double min, double max)
    {
        var text = Scalar(node, path);
        var percent = text.EndsWith('%');
        if (!double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error(node, path, $"'{text}' is not a number");
        if (percent) value /= 100;
        if (value < min || value > max)
            throw Error(node, path, $"is {text}; it must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    public RosterFileException Error(YamlNode node, string path, string problem) => new(Source, node.Start.Line, node.Start.Column, path, problem);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
