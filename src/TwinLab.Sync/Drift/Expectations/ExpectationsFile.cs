using System.Globalization;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Sync.Drift.Expectations;

/// <summary>
/// A YAML file of declared expectations: what a twin's telemetry should look like, for twins no domain predictor covers
/// (or to override one). Every problem is reported with the file, line, column and field; a file with any error is refused whole.
/// </summary>
/// <example>
/// <code>
/// expectations:
///   - name: room-temperature
///     model: dtmi:twinlab:example:Room;1     # twins of this model (and models extending it) …
///     twins: [room-1, 'lab-*']               # … and/or these ids (patterns with *)
///     telemetry: temperature
///     mean: { property: /thermostat/setpoint }  # or a number, or 24 hourly / 168 weekly-hourly values
///     sd: 0.8                                 # or range: [19.5, 23.5] (the interval at `level`)
///   - name: door-openings
///     twins: [door-1]
///     telemetry: openings
///     distribution: poisson                  # counts: poisson, or negative-binomial with dispersion: 1.5
///     mean: [0,0,0,0,0,0,1,4,9,6,5,5,7,5,4,4,6,8,4,2,1,1,0,0]
///     utcOffset: "+01:00"
///     falseAlarmEvery: 5000                  # readings between false alarms (default about 465)
/// </code>
/// </example>
/// <param name="Name">The name it is stored under.</param>
/// <param name="Source">The file it was read from.</param>
/// <param name="Text">The YAML text as given.</param>
/// <param name="Expectations">The expectations, in file order.</param>
public sealed record ExpectationsFile(string Name, string Source, string Text, IReadOnlyList<DriftExpectation> Expectations)
{
    private static readonly HashSet<string> Keys =
        ["name", "model", "twins", "component", "telemetry", "mean", "sd", "range", "level", "distribution", "dispersion", "utcOffset", "falseAlarmEvery"];

    /// <summary>Reads a file; its name (without extension) names it unless <paramref name="name"/> is given.</summary>
    /// <exception cref="DriftFileException">The file is not valid (names the line and field).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ExpectationsFile Load(string path, string? name = null) =>
        Parse(File.ReadAllText(path), name ?? Path.GetFileNameWithoutExtension(path), path);

    /// <summary>Parses YAML text.</summary>
    /// <param name="yaml">The text.</param>
    /// <param name="name">The name to store it under (letters, digits, '-', '_', '.').</param>
    /// <param name="source">The file name for messages.</param>
    /// <exception cref="DriftFileException">The text is not valid (names the line and field).</exception>
    public static ExpectationsFile Parse(string yaml, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (string.IsNullOrEmpty(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new DriftFileException(source, 1, 1, "", $"'{name}' cannot name an expectations file: use letters, digits, '-', '_' and '.'");
        var stream = YamlText.Load(yaml, (line, column, message) => new DriftFileException(source, line, column, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new DriftFileException(source, 1, 1, "", "expected a mapping with an 'expectations:' list");
        foreach (var key in root.Children.Keys)
            if (KeyText(key) != "expectations") throw Error(source, key, KeyText(key), "unknown key; the file holds 'expectations:' (a list)");
        if (!root.Children.TryGetValue(new YamlScalarNode("expectations"), out var listNode) || listNode is not YamlSequenceNode list || list.Children.Count == 0)
            throw Error(source, root, "expectations", "give a list of at least one expectation");
        var result = new List<DriftExpectation>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var e = Read(source, list.Children[i], $"expectations[{i}]", $"{name}#{i + 1}");
            if (result.Any(r => r.Name == e.Name))
                throw Error(source, list.Children[i], $"expectations[{i}].name", $"'{e.Name}' is used twice");
            result.Add(e);
        }
        return new ExpectationsFile(name, source, yaml, result);
    }

    private static DriftExpectation Read(string source, YamlNode node, string at, string defaultName)
    {
        if (node is not YamlMappingNode map) throw Error(source, node, at, "must be a mapping (key: value lines)");
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = KeyText(k);
            if (!Keys.Contains(key))
                throw Error(source, k, $"{at}.{key}", $"unknown key; expected one of {string.Join(", ", Keys)}");
            fields[key] = v;
        }
        string? Str(string key) => fields.TryGetValue(key, out var n) ? Scalar(source, n, $"{at}.{key}") : null;
        double? Num(string key, double min, double max)
        {
            if (!fields.TryGetValue(key, out var n)) return null;
            return Number(source, n, $"{at}.{key}", min, max);
        }

        var name = Str("name") ?? defaultName;
        var model = Str("model");
        var twins = fields.TryGetValue("twins", out var twinsNode)
            ? twinsNode is YamlSequenceNode seq
                ? seq.Children.Select((n, j) => Scalar(source, n, $"{at}.twins[{j}]")).ToList()
                : [Scalar(source, twinsNode, $"{at}.twins")]
            : [];
        if (model is null && twins.Count == 0) throw Error(source, map, at, "give 'model:' or 'twins:' to say which twins it is about");
        var telemetry = Str("telemetry") ?? throw Error(source, map, $"{at}.telemetry", "is missing: name the telemetry, e.g. 'telemetry: temperature'");
        var component = Str("component");
        var distributionText = Str("distribution") ?? "normal";
        var distribution = distributionText switch
        {
            "normal" => ExpectedDistribution.Normal,
            "poisson" => ExpectedDistribution.Poisson,
            "negative-binomial" => ExpectedDistribution.NegativeBinomial,
            _ => throw Error(source, fields["distribution"], $"{at}.distribution", $"'{distributionText}' is not one of normal, poisson, negative-binomial"),
        };
        var level = Num("level", 0.5, 0.9999) ?? 0.95;
        var offset = TimeSpan.Zero;
        if (Str("utcOffset") is { } offsetText && !TryOffset(offsetText, out offset))
            throw Error(source, fields["utcOffset"], $"{at}.utcOffset", $"'{offsetText}' is not a UTC offset such as +01:00, -05:00 or UTC");
        var rule = CusumRule.Default;
        if (Num("falseAlarmEvery", 10, 1e9) is { } every) rule = CusumRule.ForFalseAlarmEvery(every);

        double? lo = null, hi = null;
        if (fields.TryGetValue("range", out var rangeNode))
        {
            if (rangeNode is not YamlSequenceNode r || r.Children.Count != 2)
                throw Error(source, rangeNode, $"{at}.range", "must be [low, high]");
            lo = Number(source, r.Children[0], $"{at}.range[0]", double.MinValue, double.MaxValue);
            hi = Number(source, r.Children[1], $"{at}.range[1]", double.MinValue, double.MaxValue);
            if (!(hi > lo)) throw Error(source, rangeNode, $"{at}.range", "high must be above low");
        }
        ExpectedMean mean;
        if (fields.TryGetValue("mean", out var meanNode)) mean = ReadMean(source, meanNode, $"{at}.mean");
        else if (lo is { } l && hi is { } h) mean = new ConstantMean((l + h) / 2);
        else throw Error(source, map, $"{at}.mean", "is missing: give a number, 24 or 168 values, or { property: /path }");

        var sd = 0.0;
        var dispersion = 1.0;
        if (distribution == ExpectedDistribution.Normal)
        {
            var givenSd = Num("sd", double.Epsilon, double.MaxValue);
            if (givenSd is not null && lo is not null) throw Error(source, fields["sd"], $"{at}.sd", "give either sd or range, not both");
            if (givenSd is { } s) sd = s;
            else if (lo is { } l && hi is { } h) sd = (h - l) / (2 * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - (1 - level) / 2));
            else throw Error(source, map, $"{at}.sd", "is missing: give sd (the SD of a reading) or range: [low, high]");
        }
        else
        {
            if (fields.ContainsKey("sd") || fields.ContainsKey("range"))
                throw Error(source, fields.TryGetValue("sd", out var x) ? x : fields["range"], at, $"a {distributionText} count's spread follows from its mean: leave out sd and range");
            if (distribution == ExpectedDistribution.NegativeBinomial)
                dispersion = Num("dispersion", 1, 1e6) ?? throw Error(source, map, $"{at}.dispersion", "is missing: a negative binomial needs its variance/mean ratio, e.g. 'dispersion: 1.5'");
            var negative = mean switch { ConstantMean c => c.Value < 0, HourlyMean h => h.Values.Any(v => v < 0), _ => false };
            if (negative) throw Error(source, fields["mean"], $"{at}.mean", "an expected count cannot be negative");
        }
        if (distribution != ExpectedDistribution.NegativeBinomial && fields.TryGetValue("dispersion", out var d))
            throw Error(source, d, $"{at}.dispersion", "only a negative-binomial distribution takes a dispersion");
        return new DriftExpectation(name, model, twins, component, telemetry, mean, sd, distribution, dispersion, level, offset, rule);
    }

    private static ExpectedMean ReadMean(string source, YamlNode node, string at)
    {
        switch (node)
        {
            case YamlScalarNode:
                return new ConstantMean(Number(source, node, at, double.MinValue, double.MaxValue));
            case YamlSequenceNode seq:
                if (seq.Children.Count is not (24 or 168))
                    throw Error(source, node, at, $"a profile needs 24 values (each hour of the day) or 168 (each hour of the week, Monday 00:00 first), not {seq.Children.Count}");
                return new HourlyMean([.. seq.Children.Select((n, i) => Number(source, n, $"{at}[{i}]", double.MinValue, double.MaxValue))]);
            case YamlMappingNode map:
                string? path = null;
                var plus = 0.0;
                foreach (var (k, v) in map.Children)
                {
                    switch (KeyText(k))
                    {
                        case "property": path = Scalar(source, v, $"{at}.property"); break;
                        case "offset": plus = Number(source, v, $"{at}.offset", double.MinValue, double.MaxValue); break;
                        default: throw Error(source, k, $"{at}.{KeyText(k)}", "unknown key; expected property and optionally offset");
                    }
                }
                if (path is null || !path.StartsWith('/') || path.Length < 2 || path.Count(c => c == '/') > 2)
                    throw Error(source, node, $"{at}.property", "give the property as /name or /component/name");
                return new PropertyMean(path, plus);
            default:
                throw Error(source, node, at, "must be a number, a list or { property: /path }");
        }
    }

    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "UTC" or "Z" or "utc") return true;
        if (text.Length < 2 || text[0] is not ('+' or '-')) return false;
        if (!TimeSpan.TryParseExact(text[1..], ["hh\\:mm", "hh"], CultureInfo.InvariantCulture, out var span) || span > TimeSpan.FromHours(14)) return false;
        offset = text[0] == '-' ? -span : span;
        return true;
    }

    private static string KeyText(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : "";

    private static string Scalar(string source, YamlNode node, string at) =>
        node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(source, node, at, "must be a non-empty text value");

    private static double Number(string source, YamlNode node, string at, double min, double max)
    {
        var text = node is YamlScalarNode s ? s.Value : null;
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error(source, node, at, $"'{text}' is not a number");
        if (v >= min && v <= max) return v;
        var why = min == double.Epsilon && max == double.MaxValue ? "must be positive"
            : max == double.MaxValue ? FormattableString.Invariant($"must be at least {min}")
            : FormattableString.Invariant($"must lie between {min} and {max}");
        throw Error(source, node, at, FormattableString.Invariant($"{v} {why}"));
    }

    private static DriftFileException Error(string source, YamlNode node, string field, string problem) =>
        new(source, node.Start.Line, node.Start.Column, field, problem);
}
