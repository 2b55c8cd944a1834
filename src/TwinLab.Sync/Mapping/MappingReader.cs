using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Sync.Mapping;

/// <summary>Reads a mapping file (YAML) into a <see cref="MessageMapping"/>, reporting every problem with its line and field.</summary>
internal static partial class MappingReader
{
    private static readonly string[] TopKeys = ["description", "format", "topic", "key", "timestamp", "csv", "rules"];
    private static readonly string[] RuleKeys = ["name", "topic", "when", "forEach", "skip", "twin", "component", "telemetry", "properties", "timestamp", "key"];
    private static readonly string[] ValueKeys = ["path", "value", "template", "from", "to", "scale", "offset", "round", "as", "optional", "default"];
    private static readonly string[] TimestampKeys = ["path", "template", "format", "timeZone", "optional"];
    private static readonly string[] CsvKeys = ["header", "delimiter", "columns", "text", "skipLines"];

    public static MessageMapping Read(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new StringReader(yaml)));
        }
        catch (YamlException e)
        {
            throw new MappingFileException(file, e.Start.Line, e.Start.Column, "", $"not valid YAML: {WithoutPosition(e.Message)}");
        }
        catch (ArgumentException e) when (e.ParamName == "parser")
        {
            // Found by fuzzing: YamlDotNet's model fails this way on an empty key in a sequence ('- : value').
            throw new MappingFileException(file, 1, 1, "", "not valid YAML: a key is missing before ':' in a list item");
        }
        if (stream.Documents.Count == 0 || YamlFields.IsNull(stream.Documents[0].RootNode))
            throw new MappingFileException(file, 1, 1, "", "is empty; a mapping needs at least 'rules'");
        var top = new YamlFields(file, stream.Documents[0].RootNode, "");
        top.RejectUnknown(TopKeys);

        var format = top.String("format")?.ToLowerInvariant();
        if (format is "json" or "jsonl") format = "ndjson";
        if (format is not (null or "csv" or "ndjson"))
            throw top.Error(top.Find("format")!, "format", $"'{format}' is not a file format; use csv or ndjson");
        var topic = top.String("topic");
        if (topic is not null && (topic.Contains('+') || topic.Contains('#') || topic.Contains('{')))
            throw top.Error(top.Find("topic")!, "topic", $"'{topic}' is the fixed topic file rows are given; it may not hold wildcards or captures");
        var key = top.Find("key") is { } keyNode ? ReadTemplate(top, keyNode, "key", []) : null;
        var timestamp = top.Find("timestamp") is { } ts ? ReadTimestamp(top, ts, "timestamp", []) : null;
        var csv = top.Find("csv") is { } csvNode ? ReadCsv(new YamlFields(file, csvNode, "csv")) : CsvOptions.Default;

        if (top.Find("rules") is not { } rulesNode)
            throw top.Error(top.Node, "rules", "is missing: a mapping needs a list of rules (topic, twin, telemetry/properties)");
        if (rulesNode is not YamlSequenceNode { Children.Count: > 0 } list)
            throw top.Error(rulesNode, "rules", "must be a non-empty list of rules (each line starting with '- ')");
        var rules = new List<MappingRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var rule = ReadRule(new YamlFields(file, list.Children[i], $"rules[{i}]"), i, timestamp);
            if (!names.Add(rule.Name))
                throw YamlFields.Error(file, list.Children[i], $"rules[{i}].name", $"'{rule.Name}' names an earlier rule too; rule names must be unique");
            rules.Add(rule);
        }
        return new MessageMapping(file, yaml, top.String("description"), format, topic, csv, key, rules);
    }

    private static MappingRule ReadRule(YamlFields rule, int index, TimestampSpec? defaultTimestamp)
    {
        rule.RejectUnknown(RuleKeys);
        TopicPattern? topic = null;
        if (rule.Find("topic") is { } topicNode)
        {
            var text = rule.Scalar(topicNode, rule.PathOf("topic"));
            if (!TopicPattern.TryParse(text, out topic, out var problem)) throw rule.Error(topicNode, rule.PathOf("topic"), problem!);
        }
        var name = rule.String("name") ?? topic?.Text ?? $"rule {index + 1}";
        var captures = topic?.Captures ?? [];
        var when = new List<RuleCondition>();
        if (rule.Find("when") is { } whenNode)
        {
            var conditions = new YamlFields(rule.File, whenNode, rule.PathOf("when"));
            foreach (var (path, keyNode, _) in conditions.Entries())
            {
                if (!JsonPath.TryParse(path, out var json, out var problem) || json!.IsRelative)
                    throw conditions.Error(keyNode, conditions.PathOf(path), problem ?? "conditions read the message ($...), not '@'");
                when.Add(new RuleCondition(json, conditions.Strings(path)));
            }
        }
        JsonPath? forEach = null;
        if (rule.Find("forEach") is { } forEachNode)
        {
            var text = rule.Scalar(forEachNode, rule.PathOf("forEach"));
            if (!JsonPath.TryParse(text, out forEach, out var problem) || forEach!.IsRelative)
                throw rule.Error(forEachNode, rule.PathOf("forEach"), problem ?? "must start at the message ($...)");
        }
        if (rule.Bool("skip") == true)
        {
            foreach (var mapsSomething in new[] { "twin", "component", "telemetry", "properties", "forEach" })
                if (rule.Find(mapsSomething) is { } n)
                    throw rule.Error(n, rule.PathOf(mapsSomething), "a rule with 'skip: true' takes its messages and maps nothing; remove this key or the skip");
            return new MappingRule { Name = name, Topic = topic, When = when, Skip = true };
        }

        if (rule.Find("twin") is not { } twinNode)
            throw rule.Error(rule.Node, rule.PathOf("twin"), "is missing: which twin the message updates, such as \"{device}\" or \"bp-{$.patientId}\"");
        var twin = ReadTemplate(rule, twinNode, "twin", captures);
        var component = rule.Find("component") is { } componentNode ? ReadTemplate(rule, componentNode, "component", captures) : null;
        var telemetry = new List<TelemetryTarget>();
        if (rule.Find("telemetry") is { } telemetryNode)
        {
            var fields = new YamlFields(rule.File, telemetryNode, rule.PathOf("telemetry"));
            foreach (var (target, keyNode, value) in fields.Entries())
            {
                if (!IsName(target))
                    throw fields.Error(keyNode, fields.PathOf(target), $"'{target}' is not a telemetry name (letters, digits and '_')");
                telemetry.Add(new TelemetryTarget(target, ReadValue(fields, value, target, $"telemetry '{target}'", captures)));
            }
        }
        var properties = new List<PropertyTarget>();
        if (rule.Find("properties") is { } propertiesNode)
        {
            var fields = new YamlFields(rule.File, propertiesNode, rule.PathOf("properties"));
            foreach (var (target, keyNode, value) in fields.Entries())
            {
                var segments = target.TrimStart('/').Split('/');
                if (segments.Any(s => s.Length == 0))
                    throw fields.Error(keyNode, fields.PathOf(target), $"'{target}' is not a property path (name, or /component/name)");
                properties.Add(new PropertyTarget(target, ReadValue(fields, value, target, $"property '{target}'", captures)));
            }
        }
        if (telemetry.Count == 0 && properties.Count == 0)
            throw rule.Error(rule.Node, rule.Path, "maps nothing: give 'telemetry' or 'properties' (or 'skip: true' to drop its messages)");
        return new MappingRule
        {
            Name = name,
            Topic = topic,
            When = when,
            ForEach = forEach,
            Twin = twin,
            Component = component,
            Telemetry = telemetry,
            Properties = properties,
            Timestamp = rule.Find("timestamp") is { } ts ? ReadTimestamp(rule, ts, "timestamp", captures) : defaultTimestamp,
            Key = rule.Find("key") is { } keyTemplate ? ReadTemplate(rule, keyTemplate, "key", captures) : null,
        };
    }

    private static ValueSpec ReadValue(YamlFields parent, YamlNode node, string key, string field, IReadOnlyCollection<string> captures)
    {
        var path = parent.PathOf(key);
        if (node is YamlScalarNode scalar)
        {
            var text = parent.Scalar(scalar, path);
            if (text.StartsWith('$') || text.StartsWith('@') || text.Contains('{'))
            {
                var template = ParseTemplate(parent, scalar, path, text, captures);
                return TemplateOrPath(field, template);
            }
            throw parent.Error(node, path, $"'{text}' is neither a JSON path ($.x) nor a template ({{capture}}); for a constant write 'value: {text}'");
        }
        var spec = new YamlFields(parent.File, node, path);
        spec.RejectUnknown(ValueKeys);
        var sources = new[] { "path", "value", "template" }.Where(k => spec.Find(k) is not null).ToList();
        if (sources.Count != 1)
            throw spec.Error(node, path, sources.Count == 0
                ? "needs 'path' (a JSON path), 'value' (a constant) or 'template'"
                : $"has both '{sources[0]}' and '{sources[1]}'; give one");
        JsonPath? json = null;
        Template? text2 = null;
        JsonElement? constant = null;
        switch (sources[0])
        {
            case "path":
                var pathText = spec.String("path")!;
                if (!JsonPath.TryParse(pathText, out json, out var problem)) throw spec.Error(spec.Find("path")!, spec.PathOf("path"), problem!);
                break;
            case "template":
                var templateNode = spec.Find("template")!;
                text2 = ParseTemplate(spec, templateNode, spec.PathOf("template"), spec.Scalar(templateNode, spec.PathOf("template")), captures);
                break;
            default:
                constant = ToJson(spec.Find("value")!);
                break;
        }
        if (spec.Find("default") is { } defaultNode && json is null)
            throw spec.Error(defaultNode, spec.PathOf("default"), "a default is for a 'path' that may be missing");
        if (constant is { ValueKind: JsonValueKind.Null })
            throw spec.Error(spec.Find("value") ?? node, spec.PathOf("value"), "a constant may not be null");

        Units.Unit? from = null, to = null;
        if (spec.Find("from") is { } fromNode) from = ReadUnit(spec, fromNode, "from");
        if (spec.Find("to") is { } toNode) to = ReadUnit(spec, toNode, "to");
        if ((from is null) != (to is null))
            throw spec.Error(node, path, $"unit conversion needs both 'from' and 'to' (such as from: degF, to: degC)");
        if (from is not null && from.Dimension != to!.Dimension)
            throw spec.Error(spec.Find("to")!, spec.PathOf("to"), $"'{to.Name}' is a {to.Dimension} unit; it cannot be converted from '{from.Name}' ({from.Dimension})");
        var type = spec.String("as")?.ToLowerInvariant() switch
        {
            null => ValueType.Same,
            "number" or "double" or "float" => ValueType.Number,
            "integer" or "int" or "long" => ValueType.Integer,
            "string" or "text" => ValueType.String,
            "boolean" or "bool" => ValueType.Boolean,
            var other => throw spec.Error(spec.Find("as")!, spec.PathOf("as"), $"'{other}' is not a type; use number, integer, string or boolean"),
        };
        var numeric = from is not null || spec.Find("scale") is not null || spec.Find("offset") is not null || spec.Find("round") is not null;
        if (numeric && type == ValueType.Boolean)
            throw spec.Error(spec.Find("as")!, spec.PathOf("as"), "a converted value is a number; 'as: boolean' does not apply");
        return new ValueSpec
        {
            Field = field,
            Path = json,
            Template = text2,
            Constant = constant,
            From = from,
            To = to,
            Scale = spec.Double("scale") ?? 1,
            Offset = spec.Double("offset") ?? 0,
            Round = spec.Int("round", 0, 15),
            As = type,
            Optional = spec.Bool("optional") ?? false,
            Default = spec.Find("default") is { } d ? ToJson(d) : null,
        };
    }

    private static ValueSpec TemplateOrPath(string field, Template template) =>
        template.Text.Contains('{')
            ? new ValueSpec { Field = field, Template = template }
            : new ValueSpec { Field = field, Path = SinglePath(template) };

    private static JsonPath SinglePath(Template template)
    {
        JsonPath.TryParse(template.Text, out var path, out _);
        return path!;
    }

    private static Units.Unit ReadUnit(YamlFields spec, YamlNode node, string key)
    {
        var text = spec.Scalar(node, spec.PathOf(key));
        return Units.Find(text) ?? throw spec.Error(node, spec.PathOf(key), $"unknown unit '{text}'; known units: {Units.Known}");
    }

    private static Template ReadTemplate(YamlFields parent, YamlNode node, string key, IReadOnlyCollection<string> captures)
    {
        var path = parent.PathOf(key);
        return ParseTemplate(parent, node, path, parent.Scalar(node, path), captures);
    }

    private static Template ParseTemplate(YamlFields parent, YamlNode node, string path, string text, IReadOnlyCollection<string> captures) =>
        Template.TryParse(text, captures, out var template, out var problem) ? template! : throw parent.Error(node, path, problem!);

    private static TimestampSpec ReadTimestamp(YamlFields parent, YamlNode node, string key, IReadOnlyCollection<string> captures)
    {
        var path = parent.PathOf(key);
        if (node is YamlScalarNode)
        {
            var template = ReadTemplate(parent, node, key, captures);
            return template.Text.Contains('{') ? new TimestampSpec { Template = template } : new TimestampSpec { Path = SinglePath(template) };
        }
        var spec = new YamlFields(parent.File, node, path);
        spec.RejectUnknown(TimestampKeys);
        JsonPath? json = null;
        Template? template2 = null;
        if (spec.Find("path") is { } p)
        {
            if (spec.Find("template") is not null) throw spec.Error(node, path, "has both 'path' and 'template'; give one");
            if (!JsonPath.TryParse(spec.Scalar(p, spec.PathOf("path")), out json, out var problem)) throw spec.Error(p, spec.PathOf("path"), problem!);
        }
        else if (spec.Find("template") is { } t) template2 = ReadTemplate(spec, t, "template", captures);
        else throw spec.Error(node, path, "needs 'path' (a JSON path to the time) or 'template' (such as \"{$.date} {$.time}\")");

        var format = TimestampFormat.Auto;
        string? custom = null;
        if (spec.Find("format") is { } formatNode)
        {
            var text = spec.Scalar(formatNode, spec.PathOf("format"));
            (format, custom) = text.ToLowerInvariant() switch
            {
                "auto" => (TimestampFormat.Auto, null),
                "iso" or "iso8601" or "iso-8601" or "rfc3339" => (TimestampFormat.Iso, null),
                "unix" or "unix-s" or "seconds" => (TimestampFormat.UnixSeconds, null),
                "unix-ms" or "milliseconds" => (TimestampFormat.UnixMilliseconds, null),
                "unix-us" or "microseconds" => (TimestampFormat.UnixMicroseconds, null),
                _ => (TimestampFormat.Custom, text),
            };
            if (custom is not null)
            {
                try
                {
                    _ = new DateTime(2026, 11, 24, 9, 5, 7, DateTimeKind.Utc).ToString(custom, CultureInfo.InvariantCulture);
                }
                catch (FormatException)
                {
                    throw spec.Error(formatNode, spec.PathOf("format"), $"'{custom}' is neither auto, iso, unix, unix-ms, unix-us nor a valid .NET date format (such as 'M/d/yyyy h:mm tt')");
                }
                if (!custom.Any(char.IsLetter))
                    throw spec.Error(formatNode, spec.PathOf("format"), $"'{custom}' is not a date format (such as 'yyyy-MM-dd HH:mm:ss')");
            }
        }
        TimeZoneInfo? zone = null;
        if (spec.Find("timeZone") is { } zoneNode)
        {
            var text = spec.Scalar(zoneNode, spec.PathOf("timeZone"));
            zone = FindZone(text) ?? throw spec.Error(zoneNode, spec.PathOf("timeZone"),
                $"unknown time zone '{text}'; give an IANA name (Europe/London), UTC or an offset (+01:00)");
        }
        return new TimestampSpec { Path = json, Template = template2, Format = format, CustomFormat = custom, Zone = zone, Optional = spec.Bool("optional") ?? false };
    }

    private static TimeZoneInfo? FindZone(string text)
    {
        if (text is "UTC" or "Z" or "utc") return TimeZoneInfo.Utc;
        if (OffsetPattern().Match(text) is { Success: true } m)
        {
            var offset = new TimeSpan(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), 0);
            if (m.Groups[1].Value == "-") offset = -offset;
            if (offset < TimeSpan.FromHours(-14) || offset > TimeSpan.FromHours(14)) return null;
            return TimeZoneInfo.CreateCustomTimeZone(text, offset, text, text);
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(text);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static CsvOptions ReadCsv(YamlFields csv)
    {
        csv.RejectUnknown(CsvKeys);
        var header = csv.Bool("header") ?? true;
        var delimiter = csv.Find("delimiter") is { } d ? (d as YamlScalarNode)?.Value ?? "" : ",";
        delimiter = delimiter switch
        {
            "tab" or "\\t" => "\t",
            _ => delimiter,
        };
        if (delimiter.Length == 0 || delimiter.Contains('"') || delimiter.Contains('\n') || delimiter.Contains('\r'))
            throw csv.Error(csv.Find("delimiter") ?? csv.Node, csv.PathOf("delimiter"), $"'{delimiter}' cannot separate fields; use a character such as ',', ';' or 'tab'");
        var columns = csv.Strings("columns");
        if (!header && columns.Count == 0)
            throw csv.Error(csv.Node, csv.PathOf("columns"), "is needed when 'header' is false: the names of the columns, in order");
        var duplicate = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw csv.Error(csv.Find("columns")!, csv.PathOf("columns"), $"'{duplicate.Key}' is listed twice");
        var text = csv.Strings("text");
        return new CsvOptions(header, delimiter, columns, text, csv.Int("skipLines", 0, 1000) ?? 0);
    }

    /// <summary>A YAML value as JSON: plain scalars that read as booleans or numbers become those, quoted ones stay text.</summary>
    private static JsonElement ToJson(YamlNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, node);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode { Style: ScalarStyle.Plain } s when YamlFields.IsNull(s):
                writer.WriteNullValue();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s:
                writer.WriteBooleanValue(s.Value == "true");
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                if (long.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) writer.WriteNumberValue(l);
                else writer.WriteNumberValue(d);
                break;
            case YamlScalarNode s:
                writer.WriteStringValue(s.Value ?? "");
                break;
            case YamlSequenceNode list:
                writer.WriteStartArray();
                foreach (var child in list.Children) Write(writer, child);
                writer.WriteEndArray();
                break;
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (k, v) in map.Children)
                {
                    writer.WritePropertyName((k as YamlScalarNode)?.Value ?? "");
                    Write(writer, v);
                }
                writer.WriteEndObject();
                break;
        }
    }

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');

    private static string WithoutPosition(string message) => PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    [GeneratedRegex(@"^([+-])(\d{1,2}):(\d{2})$")]
    private static partial Regex OffsetPattern();
}
