using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Network.Topology;

/// <summary>One YAML mapping of the topology file read key by key; every problem names the node's line and path.</summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _map;

    public YamlFields(string file, YamlNode node, string path)
    {
        File = file;
        Path = path;
        Node = node;
        _map = node as YamlMappingNode ?? throw Error(node, path, "must be a mapping (key: value lines)");
    }

    public string File { get; }

    public string Path { get; }

    public YamlNode Node { get; }

    public int Line => (int)Node.Start.Line;

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Find(string key) =>
        _map.Children.TryGetValue(new YamlScalarNode(key), out var v) && !IsNull(v) ? v : null;

    public string? String(string key) => Find(key) is { } n ? Scalar(n, PathOf(key)) : null;

    public string RequireString(string key, string what) =>
        String(key) ?? throw Error(Node, PathOf(key), $"is missing ({what})");

    public double? Double(string key, double min, double max)
    {
        if (Find(key) is not { } n) return null;
        var text = Scalar(n, PathOf(key));
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error(n, PathOf(key), $"'{text}' is not a number");
        if (v < min || v > max) throw Error(n, PathOf(key), $"is {text}; it must be between {min} and {max}");
        return v;
    }

    public bool? Bool(string key)
    {
        if (Find(key) is not { } n) return null;
        var text = Scalar(n, PathOf(key));
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(n, PathOf(key), $"'{text}' is not true or false"),
        };
    }

    /// <summary>A list; a single value counts as a list of one.</summary>
    public IReadOnlyList<YamlNode> List(string key) => Find(key) switch
    {
        null => [],
        YamlSequenceNode s => [.. s.Children],
        YamlScalarNode n => [n],
        var other => throw Error(other, PathOf(key), "must be a list"),
    };

    public IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries() =>
        _map.Children.Select(kv => ((YamlScalarNode)kv.Key, kv.Value));

    public void RejectUnknown(params string[] known)
    {
        foreach (var key in _map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
                throw Error(key, PathOf(name), $"unknown key; allowed here: {string.Join(", ", known)}");
        }
    }

    public string Scalar(YamlNode node, string path) => node is YamlScalarNode { Value: { } v }
        ? v.Trim()
        : throw Error(node, path, $"must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");

    public TopologyFileException Error(YamlNode node, string path, string problem) =>
        new(File, node.Start.Line, node.Start.Column, path, problem);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
