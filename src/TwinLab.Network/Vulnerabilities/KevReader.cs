using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>
/// Reads CISA's Known Exploited Vulnerabilities catalogue, as JSON (<c>known_exploited_vulnerabilities.json</c>:
/// title, catalogVersion, dateReleased, <c>vulnerabilities[]</c>) or CSV (<c>known_exploited_vulnerabilities.csv</c>
/// with the same field names as columns).
/// </summary>
/// <remarks>Each entry needs cveID, vendorProject, product, vulnerabilityName, dateAdded, shortDescription and
/// requiredAction; dueDate, knownRansomwareCampaignUse (<c>Known</c>/<c>Unknown</c>), notes and cwes are optional.
/// Errors name the file and the JSON path, or the line and column of the CSV.</remarks>
public static class KevReader
{
    private static readonly string[] Columns =
        ["cveID", "vendorProject", "product", "vulnerabilityName", "dateAdded", "shortDescription", "requiredAction"];

    /// <summary>Reads the file at <paramref name="path"/>: CSV when it ends in <c>.csv</c>, JSON otherwise.</summary>
    /// <exception cref="VulnerabilityDataException">The file is missing or breaks the format.</exception>
    public static KevCatalog Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new VulnerabilityDataException(path, 0, "", "file not found");
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var text = new StreamReader(path);
            return ReadCsv(text, path);
        }
        using var stream = File.OpenRead(path);
        return ReadJson(stream, path);
    }

    /// <summary>Reads the JSON catalogue from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VulnerabilityDataException">The text is not JSON or breaks the format.</exception>
    public static KevCatalog ReadJson(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var doc = JsonFields.Load(stream, source);
        var j = new JsonFields(source);
        var root = doc.RootElement;
        j.Expect(root, JsonValueKind.Object, "$");
        var list = j.Required(root, "vulnerabilities", "$", JsonValueKind.Array);
        var entries = new List<KevEntry>();
        var i = 0;
        foreach (var v in list.EnumerateArray())
        {
            var p = $"$.vulnerabilities[{i++}]";
            j.Expect(v, JsonValueKind.Object, p);
            var values = Columns.Select(c => j.RequiredString(v, c, p)).ToArray();
            var cwes = new List<string>();
            if (v.TryGetProperty("cwes", out var cw) && cw.ValueKind != JsonValueKind.Null)
            {
                j.Expect(cw, JsonValueKind.Array, p + ".cwes");
                var k = 0;
                foreach (var c in cw.EnumerateArray())
                {
                    var where = $"{p}.cwes[{k++}]";
                    j.Expect(c, JsonValueKind.String, where);
                    cwes.Add(j.Text(c, where));
                }
            }
            entries.Add(Entry(values, j.OptionalString(v, "dueDate", p), j.OptionalString(v, "knownRansomwareCampaignUse", p),
                j.OptionalString(v, "notes", p), cwes, (field, problem) => j.Error($"{p}.{field}", problem)));
        }
        var released = j.OptionalString(root, "dateReleased", "$") is { } r ? j.Date(r, "$.dateReleased") : (DateTimeOffset?)null;
        return new KevCatalog(source, j.OptionalString(root, "title", "$"), j.OptionalString(root, "catalogVersion", "$"), released, entries);
    }

    /// <summary>Reads the JSON catalogue text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VulnerabilityDataException">The text is not JSON or breaks the format.</exception>
    public static KevCatalog ParseJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return ReadJson(stream, source);
    }

    /// <summary>Reads the CSV catalogue from <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VulnerabilityDataException">A column is missing or a row is bad.</exception>
    public static KevCatalog ReadCsv(TextReader text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var csv = CsvReader.Create(text, CsvReaderOptions.Default with { TrackLineNumbers = true }, leaveOpen: true);
        var header = CsvTables.Header(csv, source, 0, string.Join(",", Columns));
        var indices = Columns.Select(c => CsvTables.Column(header, c, source, 0)).ToArray();
        int Optional(string name) => header.ToList().FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        var due = Optional("dueDate");
        var ransomware = Optional("knownRansomwareCampaignUse");
        var notes = Optional("notes");
        var cwes = Optional("cwes");
        var entries = new List<KevEntry>();
        while (CsvTables.Next(csv, source, 0))
        {
            var line = csv.LineNumber;
            var values = new string[Columns.Length];
            for (var i = 0; i < Columns.Length; i++) values[i] = CsvTables.Field(csv, indices[i], Columns[i], source, line);
            var cweList = CsvTables.OptionalField(csv, cwes)?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [];
            entries.Add(Entry(values, CsvTables.OptionalField(csv, due), CsvTables.OptionalField(csv, ransomware), CsvTables.OptionalField(csv, notes),
                cweList, (field, problem) => new VulnerabilityDataException(source, line, field, problem)));
        }
        return new KevCatalog(source, null, null, null, entries);
    }

    private static KevEntry Entry(string[] v, string? dueDate, string? ransomware, string? notes, List<string> cwes,
        Func<string, string, VulnerabilityDataException> error)
    {
        for (var i = 0; i < v.Length; i++)
            if (string.IsNullOrWhiteSpace(v[i]) && i != 5) throw error(Columns[i], "empty");
        if (!CveId.IsValid(v[0])) throw error("cveID", $"'{v[0]}' is not a CVE id (CVE-YYYY-NNNN)");
        var use = ransomware switch
        {
            null or "" or "Unknown" => RansomwareUse.Unknown,
            "Known" => RansomwareUse.Known,
            _ => throw error("knownRansomwareCampaignUse", $"'{ransomware}' is not Known or Unknown"),
        };
        return new KevEntry(v[0], v[1], v[2], v[3], Date(v[4], "dateAdded", error), v[5], v[6],
            string.IsNullOrEmpty(dueDate) ? null : Date(dueDate, "dueDate", error), use, string.IsNullOrEmpty(notes) ? null : notes, cwes);
    }

    private static DateOnly Date(string text, string field, Func<string, string, VulnerabilityDataException> error) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw error(field, $"'{text}' is not a date (YYYY-MM-DD)");
}
