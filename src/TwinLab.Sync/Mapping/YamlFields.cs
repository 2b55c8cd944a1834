using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Sync.Mapping;

/// <summary>
/// One YAML mapping of a mapping file, read key by key. Every problem becomes a <see cref="MappingFileException"/> at the
/// offending node, named by its path (<c>rules[1].telemetry.temperature.from</c>); unknown keys are errors so typos surface.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _map;

    public YamlFields(string file, YamlNode node, string path)
    {
        File = file;
        Path = path;
        Node = node;
        _map = node as YamlMappingNode ?? throw Error(file, node, path, "must be a mapping (key: value lines)");
    }

    public string File { get; }

    public string Path { get; }

    public YamlNode Node { get; }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Find(string key) =>
        _map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public string? String(string key) => Find(key) is { } n ? Scalar(n, PathOf(key)) : null;

    public bool? Bool(string key)
    {
        if (Find(key) is not { } n) return null;
        return Scalar(n, PathOf(key)).ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var text => throw Error(n, PathOf(key), $"'{text}' is not true or false"),
        };
    }

    public double? Double(string key)
    {
        if (Find(key) is not { } n) return null;
        var text = Scalar(n, PathOf(key));
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(n, PathOf(key), $"'{text}' is not a number");
    }

    public int? Int(string key, int min, int max)
    {
        if (Find(key) is not { } n) return null;
        var text = Scalar(n, PathOf(key));
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(n, PathOf(key), $"'{text}' is not a whole number");
        return value < min || value > max ? throw Error(n, PathOf(key), $"is {text}; it must be between {min} and {max}") : value;
    }

    /// <summary>A list of single values; one value counts as a list of one.</summary>
    public IReadOnlyList<string> Strings(string key) => Find(key) switch
    {
        null => [],
        YamlSequenceNode s => [.. s.Children.Select((c, i) => Scalar(c, $"{PathOf(key)}[{i}]"))],
        YamlScalarNode n => [Scalar(n, PathOf(key))],
        var other => throw Error(other, PathOf(key), "must be a list of values"),
    };

    /// <summary>The entries, in file order, with their key nodes (for positions).</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries() =>
        _map.Children.Select(kv => (Scalar(kv.Key, Path), kv.Key, kv.Value));

    public void RejectUnknown(params string[] known)
    {
        foreach (var (keyNode, _) in _map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (known.Contains(key, StringComparer.Ordinal)) continue;
            throw Error(keyNode, PathOf(key), $"unknown key{Hint(key, known)}; allowed here: {string.Join(", ", known)}");
        }
    }

    public string Scalar(YamlNode node, string path) => node is YamlScalarNode { Value: { } v }
        ? v.Trim()
        : throw Error(node, path, $"must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");

    public MappingFileException Error(YamlNode node, string path, string problem) => Error(File, node, path, problem);

    public static MappingFileException Error(string file, YamlNode node, string path, string problem) =>
        new(file, node.Start.Line, node.Start.Column, path, problem);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    /// <summary>" (did you mean 'x'?)" when a known name is within two edits, else empty.</summary>
    public static string Hint(string given, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, d: Distance(given.ToLowerInvariant(), k.ToLowerInvariant()))).MinBy(p => p.d);
        return best.k is not null && best.d <= 2 ? $" (did you mean '{best.k}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
