using System.Globalization;
using System.Text.Json;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>
/// Reads NVD CVE API 2.0 JSON (the body of <c>GET /rest/json/cves/2.0</c>): <c>vulnerabilities[].cve</c> with id,
/// published, lastModified, vulnStatus, descriptions, weaknesses, <c>metrics.cvssMetricV31/V30/V40</c> and
/// <c>configurations[].nodes[].cpeMatch[]</c>.
/// </summary>
/// <remarks>Fields the twin does not use (references, cveTags, vendor comments, v2 metrics) are skipped. A syntax
/// error names the file, line and JSON path; a missing or mistyped field names the file and its JSON path.</remarks>
public static class NvdCveReader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="VulnerabilityDataException">The file is missing, is not JSON, or breaks the API 2.0 shape.</exception>
    public static NvdCveFeed Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new VulnerabilityDataException(path, 0, "", "file not found");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads JSON from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VulnerabilityDataException">The text is not JSON or breaks the API 2.0 shape.</exception>
    public static NvdCveFeed Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var doc = JsonFields.Load(stream, source);
        return ReadRoot(new JsonFields(source), doc.RootElement);
    }

    /// <summary>Reads JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VulnerabilityDataException">The text is not JSON or breaks the API 2.0 shape.</exception>
    public static NvdCveFeed Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Read(stream, source);
    }

    private static NvdCveFeed ReadRoot(JsonFields j, JsonElement root)
    {
        j.Expect(root, JsonValueKind.Object, "$");
        var cves = new List<CveRecord>();
        if (root.TryGetProperty("cve", out var single))
        {
            cves.Add(ReadCve(j, single, "$.cve"));
            return new NvdCveFeed(j.Source, null, null, cves);
        }
        var list = j.Required(root, "vulnerabilities", "$", JsonValueKind.Array);
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"$.vulnerabilities[{i++}]";
            j.Expect(item, JsonValueKind.Object, path);
            cves.Add(ReadCve(j, j.Required(item, "cve", path, JsonValueKind.Object), path + ".cve"));
        }
        var timestamp = j.OptionalString(root, "timestamp", "$") is { } ts ? j.Date(ts, "$.timestamp") : (DateTimeOffset?)null;
        int? total = null;
        if (root.TryGetProperty("totalResults", out var t) && t.ValueKind == JsonValueKind.Number)
            total = t.TryGetInt32(out var n) && n >= 0 ? n : throw j.Error("$.totalResults", $"expected a count (a whole number of 0 or more), found {t.GetRawText()}");
        return new NvdCveFeed(j.Source, timestamp, total, cves);
    }

    private static CveRecord ReadCve(JsonFields j, JsonElement cve, string path)
    {
        var id = j.RequiredString(cve, "id", path);
        if (!CveId.IsValid(id)) throw j.Error(path + ".id", $"'{id}' is not a CVE id (CVE-YYYY-NNNN)");
        var published = j.Date(j.RequiredString(cve, "published", path), path + ".published");
        var modified = j.Date(j.RequiredString(cve, "lastModified", path), path + ".lastModified");
        var status = j.OptionalString(cve, "vulnStatus", path);

        var description = "";
        if (cve.TryGetProperty("descriptions", out var descriptions))
        {
            j.Expect(descriptions, JsonValueKind.Array, path + ".descriptions");
            var i = 0;
            foreach (var d in descriptions.EnumerateArray())
            {
                var dp = $"{path}.descriptions[{i++}]";
                if (j.RequiredString(d, "lang", dp) == "en")
                {
                    description = j.RequiredString(d, "value", dp);
                    break;
                }
            }
        }

        var weaknesses = new List<string>();
        if (cve.TryGetProperty("weaknesses", out var ws))
        {
            j.Expect(ws, JsonValueKind.Array, path + ".weaknesses");
            var i = 0;
            foreach (var w in ws.EnumerateArray())
            {
                var wp = $"{path}.weaknesses[{i++}]";
                var ds = j.Required(w, "description", wp, JsonValueKind.Array);
                var k = 0;
                foreach (var d in ds.EnumerateArray())
                {
                    var value = j.RequiredString(d, "value", $"{wp}.description[{k++}]");
                    if (!weaknesses.Contains(value)) weaknesses.Add(value);
                }
            }
        }

        CvssMetric? v31 = null, v30 = null, v40 = null;
        if (cve.TryGetProperty("metrics", out var metrics))
        {
            j.Expect(metrics, JsonValueKind.Object, path + ".metrics");
            v31 = ReadMetric(j, metrics, "cvssMetricV31", path + ".metrics");
            v30 = ReadMetric(j, metrics, "cvssMetricV30", path + ".metrics");
            v40 = ReadMetric(j, metrics, "cvssMetricV40", path + ".metrics");
        }

        var configurations = new List<CveConfiguration>();
        if (cve.TryGetProperty("configurations", out var configs))
        {
            j.Expect(configs, JsonValueKind.Array, path + ".configurations");
            var i = 0;
            foreach (var c in configs.EnumerateArray()) configurations.Add(ReadConfiguration(j, c, $"{path}.configurations[{i++}]"));
        }
        return new CveRecord(id, published, modified, status, description, weaknesses, v31, v30, v40, configurations);
    }

    /// <summary>The Primary metric of the list, else the first one.</summary>
    private static CvssMetric? ReadMetric(JsonFields j, JsonElement metrics, string name, string path)
    {
        if (!metrics.TryGetProperty(name, out var list)) return null;
        var lp = $"{path}.{name}";
        j.Expect(list, JsonValueKind.Array, lp);
        var count = list.GetArrayLength();
        if (count == 0) return null;
        var chosen = 0;
        for (var i = 0; i < count; i++)
            if (list[i].ValueKind == JsonValueKind.Object && j.OptionalString(list[i], "type", $"{lp}[{i}]") == "Primary")
            {
                chosen = i;
                break;
            }
        var mp = $"{lp}[{chosen}]";
        var m = list[chosen];
        j.Expect(m, JsonValueKind.Object, mp);
        var data = j.Required(m, "cvssData", mp, JsonValueKind.Object);
        var dp = mp + ".cvssData";
        return new CvssMetric(
            j.OptionalString(m, "source", mp) ?? "",
            j.OptionalString(m, "type", mp) ?? "",
            j.RequiredString(data, "version", dp),
            j.RequiredString(data, "vectorString", dp),
            j.RequiredNumber(data, "baseScore", dp),
            j.OptionalString(data, "baseSeverity", dp) ?? j.OptionalString(m, "baseSeverity", mp),
            j.OptionalNumber(m, "exploitabilityScore", mp),
            j.OptionalNumber(m, "impactScore", mp));
    }

    private static CveConfiguration ReadConfiguration(JsonFields j, JsonElement config, string path)
    {
        j.Expect(config, JsonValueKind.Object, path);
        var op = j.Operator(config, path, CveOperator.Or);
        var negate = j.OptionalBool(config, "negate", path) ?? false;
        var nodes = new List<CveNode>();
        var list = j.Required(config, "nodes", path, JsonValueKind.Array);
        var i = 0;
        foreach (var n in list.EnumerateArray())
        {
            var np = $"{path}.nodes[{i++}]";
            j.Expect(n, JsonValueKind.Object, np);
            var nodeOp = j.Operator(n, np, null) ?? throw j.Error(np + ".operator", "missing; a node's operator is AND or OR");
            var nodeNegate = j.OptionalBool(n, "negate", np) ?? false;
            var matches = new List<CpeMatchCriterion>();
            var cm = j.Required(n, "cpeMatch", np, JsonValueKind.Array);
            var k = 0;
            foreach (var m in cm.EnumerateArray()) matches.Add(ReadCpeMatch(j, m, $"{np}.cpeMatch[{k++}]"));
            nodes.Add(new CveNode(nodeOp, nodeNegate, matches));
        }
        return new CveConfiguration(op ?? CveOperator.Or, negate, nodes);
    }

    private static CpeMatchCriterion ReadCpeMatch(JsonFields j, JsonElement m, string path)
    {
        j.Expect(m, JsonValueKind.Object, path);
        var vulnerable = j.OptionalBool(m, "vulnerable", path) ?? throw j.Error(path + ".vulnerable", "missing (true or false)");
        var text = j.RequiredString(m, "criteria", path);
        if (!text.StartsWith("cpe:2.3:", StringComparison.OrdinalIgnoreCase)) throw j.Error(path + ".criteria", $"'{text}' is not a CPE 2.3 formatted string");
        Cpe criteria;
        try
        {
            criteria = Cpe.ParseFormatted(text);
        }
        catch (CpeFormatException e)
        {
            throw j.Error(path + ".criteria", e.Message);
        }
        return new CpeMatchCriterion(
            vulnerable, criteria,
            j.OptionalString(m, "matchCriteriaId", path),
            j.OptionalString(m, "versionStartIncluding", path),
            j.OptionalString(m, "versionStartExcluding", path),
            j.OptionalString(m, "versionEndIncluding", path),
            j.OptionalString(m, "versionEndExcluding", path));
    }
}
