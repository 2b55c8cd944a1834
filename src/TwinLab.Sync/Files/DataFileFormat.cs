namespace TwinLab.Sync.Files;

/// <summary>The layouts a data file can have.</summary>
public enum DataFileFormat
{
    /// <summary>Comma (or otherwise) separated values: each row becomes a JSON object of column to value.</summary>
    Csv,

    /// <summary>Newline-delimited JSON: one message per line.</summary>
    Ndjson,
}

/// <summary>Which format a file has: the one asked for, else the mapping's, else by extension.</summary>
public static class DataFileFormats
{
    /// <summary>The format of <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="requested">A format asked for (<c>csv</c>, <c>tsv</c>, <c>ndjson</c>, <c>jsonl</c>), or <c>null</c>.</param>
    /// <param name="mappingFormat">The mapping's <c>format</c>, or <c>null</c>.</param>
    /// <exception cref="ArgumentException">The format is unknown, or cannot be told from the extension.</exception>
    public static DataFileFormat Of(string path, string? requested = null, string? mappingFormat = null)
    {
        if (Parse(requested ?? mappingFormat) is { } given) return given;
        if (requested is not null || mappingFormat is not null)
            throw new ArgumentException($"Unknown file format '{requested ?? mappingFormat}'; use csv or ndjson.");
        return Parse(Path.GetExtension(path).TrimStart('.')) ?? throw new ArgumentException(
            $"{path}: cannot tell the format from the extension '{Path.GetExtension(path)}'; name it .csv, .tsv, .ndjson or .jsonl, or give --format csv|ndjson.");
    }

    private static DataFileFormat? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "csv" or "tsv" or "txt" => DataFileFormat.Csv,
        "ndjson" or "jsonl" or "json" => DataFileFormat.Ndjson,
        _ => null,
    };
}
