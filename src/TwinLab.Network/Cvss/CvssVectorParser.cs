using System.Text;

namespace TwinLab.Network.Cvss;

/// <summary>Splits a <c>CVSS:x.y/M:V/…</c> string into metrics and checks them strictly against a version's
/// metric table: known metric names and values only, each metric at most once, every base metric present.
/// Metrics may come in any order (CVSS v3.1 specification §6: other orderings are valid); the normalised
/// vector lists them in the specification's order and leaves out "Not Defined" (<c>X</c>) values.</summary>
internal static class CvssVectorParser
{
    /// <summary>A parsed vector: the metric values by abbreviation (absent optional metrics are <c>X</c>).</summary>
    internal sealed record ParsedVector(CvssVersion Version, IReadOnlyDictionary<string, string> Metrics, string Normalized);

    public static CvssVersion DetectVersion(string vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Length == 0)
            throw new CvssVectorException(vector, 1, "", "the vector string is empty");
        var start = 0;
        while (start < vector.Length && char.IsWhiteSpace(vector[start])) start++;
        if (string.CompareOrdinal(vector, start, "CVSS:", 0, 5) != 0)
        {
            var looksV2 = vector.AsSpan(start).StartsWith("AV:") && vector.Contains("/Au:", StringComparison.Ordinal);
            throw new CvssVectorException(vector, start + 1, "", looksV2
                ? "CVSS v2 vectors are not supported; expected a prefix CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/"
                : "expected a prefix CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
        }
        var slash = vector.IndexOf('/', start);
        var version = slash < 0 ? vector[(start + 5)..].TrimEnd() : vector[(start + 5)..slash];
        return version switch
        {
            "3.0" => CvssVersion.V3_0,
            "3.1" => CvssVersion.V3_1,
            "4.0" => CvssVersion.V4_0,
            _ => throw new CvssVectorException(vector, start + 6, "CVSS",
                $"unsupported version '{version}'; expected 3.0, 3.1 or 4.0"),
        };
    }

    public static ParsedVector Parse(string vector, CvssVersion version, IReadOnlyList<CvssMetricDefinition> table)
    {
        var start = 0;
        while (start < vector.Length && char.IsWhiteSpace(vector[start])) start++;
        var end = vector.Length;
        while (end > start && char.IsWhiteSpace(vector[end - 1])) end--;

        var prefixEnd = start + "CVSS:x.y".Length; // DetectVersion has checked the prefix
        if (prefixEnd >= end)
            throw new CvssVectorException(vector, end + 1, "", "no metrics after the version prefix");
        if (vector[prefixEnd] != '/')
            throw new CvssVectorException(vector, prefixEnd + 1, "", $"expected '/' after the version prefix, found '{vector[prefixEnd]}'");

        var byName = new Dictionary<string, CvssMetricDefinition>(StringComparer.Ordinal);
        foreach (var d in table) byName[d.Name] = d;
        var found = new Dictionary<string, (string Value, int Position)>(StringComparer.Ordinal);

        var pos = prefixEnd + 1;
        while (true)
        {
            var next = vector.IndexOf('/', pos, end - pos);
            var partEnd = next < 0 ? end : next;
            ParseComponent(vector, pos, partEnd, byName, found);
            if (next < 0) break;
            pos = next + 1;
        }

        var missing = table.Where(d => d.Mandatory && !found.ContainsKey(d.Name)).Select(d => d.Name).ToList();
        if (missing.Count > 0)
            throw new CvssVectorException(vector, end + 1, missing[0],
                $"missing mandatory base metric{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}");

        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        var normalized = new StringBuilder(version switch
        {
            CvssVersion.V3_0 => "CVSS:3.0",
            CvssVersion.V3_1 => "CVSS:3.1",
            _ => "CVSS:4.0",
        });
        foreach (var d in table)
        {
            var value = found.TryGetValue(d.Name, out var f) ? f.Value : "X";
            metrics[d.Name] = value;
            if (d.Mandatory || value != "X") normalized.Append('/').Append(d.Name).Append(':').Append(value);
        }
        return new ParsedVector(version, metrics, normalized.ToString());
    }

    private static void ParseComponent(string vector, int from, int to,
        Dictionary<string, CvssMetricDefinition> byName, Dictionary<string, (string Value, int Position)> found)
    {
        var position = from + 1;
        if (to == from)
            throw new CvssVectorException(vector, position, "", "empty metric (two '/' in a row or a trailing '/')");
        var part = vector[from..to];
        var colon = part.IndexOf(':');
        if (colon < 0)
            throw new CvssVectorException(vector, position, part, "expected METRIC:VALUE");
        var name = part[..colon];
        var value = part[(colon + 1)..];
        if (name.Length == 0)
            throw new CvssVectorException(vector, position, "", $"metric name missing before ':{value}'");
        if (!byName.TryGetValue(name, out var definition))
        {
            var hint = byName.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            throw new CvssVectorException(vector, position, name, hint is null
                ? "unknown metric"
                : $"unknown metric (metric names are case-sensitive; did you mean {hint}?)");
        }
        if (found.TryGetValue(name, out var earlier))
            throw new CvssVectorException(vector, position, name, $"appears more than once (first at position {earlier.Position})");
        if (Array.IndexOf(definition.Values, value) < 0)
            throw new CvssVectorException(vector, position + colon + 1, name,
                value.Length == 0
                    ? $"value missing; expected one of {string.Join(", ", definition.Values)}"
                    : $"unknown value '{value}'; expected one of {string.Join(", ", definition.Values)}");
        found[name] = (value, position);
    }
}
