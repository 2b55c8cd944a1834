using CsvHelper;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>Header and field access for the vulnerability CSV files, with errors that name the line and column.</summary>
internal static class CsvTables
{
    public static IReadOnlyList<string> Header(CsvReader csv, string source, int offset, string expected)
    {
        IReadOnlyList<string> header;
        try
        {
            header = csv.Headers;
        }
        catch (CsvFormatException e)
        {
            throw new VulnerabilityDataException(source, e.LineNumber + offset, "", $"cannot read the header: {e.Message}");
        }
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new VulnerabilityDataException(source, 1 + offset, "", $"no header row; expected {expected}");
        return header;
    }

    public static int Column(IReadOnlyList<string> header, string name, string source, int offset)
    {
        for (var i = 0; i < header.Count; i++)
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new VulnerabilityDataException(source, 1 + offset, name, $"missing column; the header has {string.Join(",", header)}");
    }

    public static bool Next(CsvReader csv, string source, int offset)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw new VulnerabilityDataException(source, e.LineNumber + offset, "", $"malformed CSV: {e.Message}");
        }
    }

    public static string Field(CsvReader csv, int column, string name, string source, long line)
    {
        if (column >= csv.FieldCount) throw new VulnerabilityDataException(source, line, name, $"missing (the row has {csv.FieldCount} fields)");
        return csv.GetString(column);
    }

    public static string? OptionalField(CsvReader csv, int column) =>
        column < 0 || column >= csv.FieldCount || csv.GetString(column).Length == 0 ? null : csv.GetString(column);
}
