using System.Globalization;
using CsvHelper;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>
/// Reads FIRST's daily EPSS score CSV (<c>epss_scores-YYYY-MM-DD.csv</c>): an optional first-line comment
/// <c>#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000</c>, then the header <c>cve,epss,percentile</c>
/// and one row per CVE.
/// </summary>
/// <remarks>A bad row (not a CVE id, a probability or percentile outside 0–1, a CVE listed twice) raises a
/// <see cref="VulnerabilityDataException"/> with its line (counting the comment line) and column.</remarks>
public static class EpssCsvReader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="VulnerabilityDataException">The file is missing or a row is bad.</exception>
    public static EpssData Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new VulnerabilityDataException(path, 0, "", "file not found");
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads EPSS CSV text from <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="VulnerabilityDataException">A row is bad or a column is missing.</exception>
    public static EpssData Read(TextReader text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? model = null;
        DateTimeOffset? date = null;
        var offset = 0;
        if (text.Peek() == '#')
        {
            var comment = text.ReadLine()!;
            offset = 1;
            foreach (var pair in comment.TrimStart('#').Split(','))
            {
                var colon = pair.IndexOf(':');
                if (colon < 0) continue;
                var key = pair[..colon].Trim();
                var value = pair[(colon + 1)..].Trim();
                if (key == "model_version") model = value;
                else if (key == "score_date") date = ParseDate(value, source);
            }
        }
        using var csv = CsvReader.Create(text, CsvReaderOptions.Default with { TrackLineNumbers = true, TrimWhitespace = true }, leaveOpen: true);
        var header = CsvTables.Header(csv, source, offset, "cve,epss,percentile");
        var cveColumn = CsvTables.Column(header, "cve", source, offset);
        var epssColumn = CsvTables.Column(header, "epss", source, offset);
        var percentileColumn = CsvTables.Column(header, "percentile", source, offset);
        var scores = new Dictionary<string, EpssScore>(StringComparer.OrdinalIgnoreCase);
        var lines = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        while (CsvTables.Next(csv, source, offset))
        {
            var line = csv.LineNumber + offset;
            var cve = CsvTables.Field(csv, cveColumn, "cve", source, line);
            if (!CveId.IsValid(cve)) throw new VulnerabilityDataException(source, line, "cve", $"'{cve}' is not a CVE id (CVE-YYYY-NNNN)");
            var epss = Probability(csv, epssColumn, "epss", source, line);
            var percentile = Probability(csv, percentileColumn, "percentile", source, line);
            if (lines.TryGetValue(cve, out var first)) throw new VulnerabilityDataException(source, line, "cve", $"{cve} is listed twice (first at line {first})");
            lines[cve] = line;
            scores[cve] = new EpssScore(cve, epss, percentile);
        }
        return new EpssData(source, model, date, scores);
    }

    private static double Probability(CsvReader csv, int column, string name, string source, long line)
    {
        var text = CsvTables.Field(csv, column, name, source, line);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new VulnerabilityDataException(source, line, name, $"'{text}' is not a number");
        if (v is < 0 or > 1 || double.IsNaN(v)) throw new VulnerabilityDataException(source, line, name, $"{text} is outside 0-1");
        return v;
    }

    private static DateTimeOffset ParseDate(string text, string source)
    {
        // EPSS writes offsets as "+0000"; .NET wants "+00:00".
        var t = text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit) ? text[..^2] + ":" + text[^2..] : text;
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)) return d;
        throw new VulnerabilityDataException(source, 1, "score_date", $"'{text}' is not a date");
    }
}
