using TwinLab.Simulation.Scenarios;
using System.Globalization;
using TwinLab.ContactCenter.Ingest;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>Reads the YAML of <see cref="CandidateFile"/>, checking its structure and costs where they are written
/// (parameters are checked later against a simulator, see <see cref="CandidateValidator"/>).</summary>
internal static class CandidateReader
{
    private static readonly string[] TopKeys = ["currency", "amortisation_days", "candidates"];
    private static readonly string[] CandidateKeys = ["name", "description", "parameters", "cost"];
    private static readonly string[] CostKeys = ["fixed", "amortisation_days", "per_day"];

    // A one-off cost spread over more than 30 years, or costs beyond 10^12, are typing errors rather than plans.
    private const double MaxAmortisationDays = 365 * 30;
    private const double MaxCost = 1e12;

    public static CandidateFile Read(string text, string source)
    {
        var stream = YamlText.Load(text, (line, column, message) => new CandidateFileException(source, line, column, null, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new CandidateFileException(source, 1, 1, null, "", "the file is empty; expected 'candidates:' with a list of changes");
        var root = Map(source, null, stream.Documents[0].RootNode, "");
        RejectUnknown(source, null, root, "", TopKeys);
        var currency = Find(root, "currency") is { } c ? Scalar(source, null, c, "currency") : null;
        var amortisation = Find(root, "amortisation_days") is { } a
            ? Number(source, null, a, "amortisation_days", 1, MaxAmortisationDays)
            : CandidateCost.DefaultAmortisationDays;
        var list = Find(root, "candidates") switch
        {
            YamlSequenceNode s when s.Children.Count > 0 => s.Children,
            null or YamlSequenceNode => throw Error(source, null, Find(root, "candidates") ?? root, "candidates", "no candidates; list the changes under 'candidates:'"),
            var other => throw Error(source, null, other, "candidates", "must be a list of changes (lines starting with '- ')"),
        };
        var candidates = new List<CandidateChange>();
        var names = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var candidate = ReadCandidate(source, list[i], i, amortisation);
            if (names.TryGetValue(candidate.Name, out var line))
                throw new CandidateFileException(source, candidate.Line, candidate.Column, candidate.Name, $"candidates[{i}].name",
                    $"the name is used already (line {line}); names must be unique");
            names[candidate.Name] = candidate.Line;
            candidates.Add(candidate);
        }
        return new CandidateFile(source, currency, candidates);
    }

    /// <summary>Where the scanner last got to before failing (for errors that come without a position).</summary>
    private static CandidateChange ReadCandidate(string source, YamlNode node, int index, double defaultAmortisation)
    {
        var path = $"candidates[{index}]";
        var map = Map(source, null, node, path);
        var nameNode = Find(map, "name");
        var given = nameNode is YamlScalarNode { Value: { Length: > 0 } v } ? v.Trim() : null;
        // Unknown keys first, so a misspelt 'name' is reported as such rather than as missing.
        RejectUnknown(source, given, map, path, CandidateKeys);
        if (nameNode is null) throw Error(source, null, map, $"{path}.name", "is missing (a short unique name for the change)");
        var name = Scalar(source, null, nameNode, $"{path}.name");
        if (name.Length == 0) throw Error(source, null, nameNode, $"{path}.name", "is empty");
        var description = Find(map, "description") is { } d ? Scalar(source, name, d, $"{path}.description") : name;
        var parameters = Find(map, "parameters")
            ?? throw Error(source, name, map, $"{path}.parameters", "is missing (the simulator parameters the change sets, e.g. 'handle_time_factor: 0.9')");
        var settings = new List<CandidateSetting>();
        foreach (var (keyNode, valueNode) in Map(source, name, parameters, $"{path}.parameters").Children)
        {
            var key = Scalar(source, name, keyNode, $"{path}.parameters");
            var value = Scalar(source, name, valueNode, $"{path}.parameters.{key}");
            settings.Add(new CandidateSetting(key, value, valueNode.Start.Line, valueNode.Start.Column));
        }
        if (settings.Count == 0) throw Error(source, name, parameters, $"{path}.parameters", "sets no parameters");
        var cost = Find(map, "cost") is { } costNode ? ReadCost(source, name, costNode, $"{path}.cost", defaultAmortisation) : CandidateCost.None;
        return new CandidateChange(name, description, settings, cost)
        {
            Source = source,
            Line = node.Start.Line,
            Column = node.Start.Column,
            Index = index,
        };
    }

    private static CandidateCost ReadCost(string source, string name, YamlNode node, string path, double defaultAmortisation)
    {
        var map = Map(source, name, node, path);
        RejectUnknown(source, name, map, path, CostKeys);
        var fixedCost = Find(map, "fixed") is { } f ? Number(source, name, f, $"{path}.fixed", 0, MaxCost) : 0;
        var perDay = Find(map, "per_day") is { } p ? Number(source, name, p, $"{path}.per_day", -MaxCost, MaxCost) : 0;
        var days = Find(map, "amortisation_days") is { } a ? Number(source, name, a, $"{path}.amortisation_days", 1, MaxAmortisationDays) : defaultAmortisation;
        return new CandidateCost(fixedCost, days, perDay);
    }

    private static YamlMappingNode Map(string source, string? name, YamlNode node, string path) =>
        node as YamlMappingNode ?? throw Error(source, name, node, path, "must be a mapping (key: value lines)");

    private static YamlNode? Find(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    private static void RejectUnknown(string source, string? name, YamlMappingNode map, string path, string[] known)
    {
        foreach (var keyNode in map.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (known.Contains(key, StringComparer.Ordinal)) continue;
            var field = path.Length == 0 ? key : $"{path}.{key}";
            throw Error(source, name, keyNode, field, $"unknown key{Suggestion.Hint(key, known)}; allowed here: {string.Join(", ", known)}");
        }
    }

    private static string Scalar(string source, string? name, YamlNode node, string path) => node is YamlScalarNode scalar
        ? (scalar.Value ?? "").Trim()
        : throw Error(source, name, node, path, $"must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");

    private static double Number(string source, string? name, YamlNode node, string path, double min, double max)
    {
        var text = Scalar(source, name, node, path);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error(source, name, node, path, $"'{text}' is not a number");
        if (value < min || value > max)
            throw Error(source, name, node, path,
                $"is {text}; it must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    private static CandidateFileException Error(string source, string? name, YamlNode node, string path, string problem) =>
        new(source, node.Start.Line, node.Start.Column, name, path, problem);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}
