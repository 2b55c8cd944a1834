using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Health.Ingest;

/// <summary>
/// One YAML mapping of a profile file, read key by key; every problem becomes a <see cref="HealthInputException"/> at
/// the offending node, named by its path (<c>medication[1].start</c>). Unknown keys are errors so typos surface.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _map;

    public YamlFields(string file, YamlNode node, string path)
    {
        File = file;
        Path = path;
        _map = node as YamlMappingNode ?? throw Error(file, node, path, "must be a mapping (key: value lines)");
    }

    public string File { get; }

    public string Path { get; }

    public YamlNode Node => _map;

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Find(string key) =>
        _map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public YamlNode Require(string key, string what) =>
        Find(key) ?? throw Error(File, _map, PathOf(key), $"is missing ({what})");

    public string? Text(string key) => Find(key) is { } n ? Scalar(n, PathOf(key)) : null;

    public DateOnly? Date(string key) => Find(key) is { } n ? ToDate(n, PathOf(key)) : null;

    public IReadOnlyList<YamlNode> List(string key) => Find(key) switch
    {
        null => [],
        YamlSequenceNode s => [.. s.Children],
        var other => throw Error(File, other, PathOf(key), "must be a list (lines starting with '- ')"),
    };

    public void RejectUnknown(params string[] known)
    {
        foreach (var (keyNode, _) in _map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
                throw Error(File, keyNode, PathOf(key), $"unknown key; allowed here: {string.Join(", ", known)}");
        }
    }

    public string Scalar(YamlNode node, string path) => node is YamlScalarNode { Value: { } v }
        ? v.Trim()
        : throw Error(File, node, path, $"must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");

    public DateOnly ToDate(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw Error(File, node, path, $"'{text}' is not a date in the form 2026-01-31");
    }

    public double ToNumber(YamlNode node, string path, double min, double max)
    {
        var text = Scalar(node, path);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error(File, node, path, $"'{text}' is not a number");
        if (value < min || value > max)
            throw Error(File, node, path, $"{text} is outside the plausible {min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    public HealthInputException Error(YamlNode node, string path, string problem) => Error(File, node, path, problem);

    public static HealthInputException Error(string file, YamlNode node, string path, string problem) =>
        new(file, Math.Max(1, node.Start.Line), Math.Max(1, node.Start.Column), path, problem);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
