using System.Globalization;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Network.Defence;

/// <summary>Reads a defence cost file (format on <see cref="DefenceCostModel.Parse"/>).</summary>
internal static class CostFileReader
{
    private static readonly string[] Sections = ["kinds", "hosts", "cves", "measures", "exclude"];

    public static DefenceCostModel Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = YamlText.Load(text, (line, column, message) => new DefenceCostFileException(file, line, column, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return DefenceCostModel.Default;
        var root = Mapping(file, stream.Documents[0].RootNode, "");
        var kinds = new Dictionary<MeasureKind, double>(DefenceCostModel.DefaultKindCosts);
        var hosts = new Dictionary<string, IReadOnlyDictionary<MeasureKind, double>>(StringComparer.Ordinal);
        var cves = new Dictionary<string, double>(StringComparer.Ordinal);
        var measures = new Dictionary<string, double>(StringComparer.Ordinal);
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(root))
        {
            var section = key.Value ?? "";
            if (!Sections.Contains(section))
                throw Error(file, key, section, $"unknown section; allowed: {string.Join(", ", Sections)}");
            if (IsNull(value)) continue;
            switch (section)
            {
                case "kinds":
                    foreach (var (k, v) in Entries(Mapping(file, value, section)))
                        kinds[Kind(file, k, $"kinds.{k.Value}")] = Cost(file, v, $"kinds.{k.Value}");
                    break;
                case "hosts":
                    foreach (var (h, v) in Entries(Mapping(file, value, section)))
                    {
                        var host = Name(file, h, $"hosts.{h.Value}");
                        var perKind = new Dictionary<MeasureKind, double>();
                        foreach (var (k, c) in Entries(Mapping(file, v, $"hosts.{host}")))
                            perKind[Kind(file, k, $"hosts.{host}.{k.Value}")] = Cost(file, c, $"hosts.{host}.{k.Value}");
                        if (!hosts.TryAdd(host, perKind)) throw Error(file, h, $"hosts.{host}", "is listed twice");
                    }
                    break;
                case "cves":
                    foreach (var (c, v) in Entries(Mapping(file, value, section)))
                    {
                        var cve = Name(file, c, $"cves.{c.Value}");
                        if (!cves.TryAdd(cve, Cost(file, v, $"cves.{cve}"))) throw Error(file, c, $"cves.{cve}", "is listed twice");
                    }
                    break;
                case "measures":
                    foreach (var (m, v) in Entries(Mapping(file, value, section)))
                    {
                        var id = Measure(file, m, $"measures.{m.Value}");
                        if (!measures.TryAdd(id, Cost(file, v, $"measures.{id}"))) throw Error(file, m, $"measures.{id}", "is listed twice");
                    }
                    break;
                default:
                    var items = value switch
                    {
                        YamlSequenceNode s => s.Children.ToList(),
                        YamlScalarNode one => [one],
                        _ => throw Error(file, value, "exclude", "must be a list of measure ids"),
                    };
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (items[i] is not YamlScalarNode item) throw Error(file, items[i], $"exclude[{i}]", "must be a measure id");
                        excluded.Add(Measure(file, item, $"exclude[{i}]"));
                    }
                    break;
            }
        }
        return new DefenceCostModel { KindCosts = kinds, HostCosts = hosts, CveCosts = cves, MeasureCosts = measures, Excluded = excluded };
    }

    private static YamlMappingNode Mapping(string file, YamlNode node, string field) =>
        node as YamlMappingNode ?? throw Error(file, node, field, "must be a mapping (key: value lines)");

    private static IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries(YamlMappingNode map) =>
        map.Children.Select(kv => (kv.Key as YamlScalarNode ?? new YamlScalarNode(""), kv.Value));

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" } s
        && s.Style == YamlDotNet.Core.ScalarStyle.Plain;

    private static MeasureKind Kind(string file, YamlScalarNode key, string field) =>
        MeasureKinds.Parse(key.Value ?? "") ?? throw Error(file, key, field, $"unknown measure kind; allowed: {MeasureKinds.All}");

    private static string Name(string file, YamlScalarNode key, string field) =>
        string.IsNullOrWhiteSpace(key.Value) ? throw Error(file, key, field, "the name is empty") : key.Value.Trim();

    private static string Measure(string file, YamlScalarNode node, string field)
    {
        try
        {
            return DefenceMeasure.Parse(node.Value ?? "").Id;
        }
        catch (DefenceMeasureException e)
        {
            throw Error(file, node, field, $"not a measure id: {e.Message}");
        }
    }

    private static double Cost(string file, YamlNode node, string field)
    {
        var text = (node as YamlScalarNode)?.Value ?? throw Error(file, node, field, "must be a number");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error(file, node, field, $"'{text}' is not a number");
        if (v < 0) throw Error(file, node, field, $"is {text}; a cost must not be negative");
        return v;
    }

    private static DefenceCostFileException Error(string file, YamlNode node, string field, string problem) =>
        new(file, node.Start.Line, node.Start.Column, field, problem);
}
