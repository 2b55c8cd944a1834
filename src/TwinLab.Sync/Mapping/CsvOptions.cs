namespace TwinLab.Sync.Mapping;

/// <summary>How a CSV file is read before its rows are mapped: each row becomes a JSON object of column name to value.</summary>
/// <param name="Header">The first row (after <paramref name="SkipLines"/>) names the columns.</param>
/// <param name="Delimiter">The field separator (<c>,</c>, <c>;</c>, a tab...).</param>
/// <param name="Columns">Without a header: the column names, in order. With one: the columns to keep (all when empty).</param>
/// <param name="Text">Columns kept as text even when they look like numbers (ids such as <c>007</c>).</param>
/// <param name="SkipLines">Lines before the header (or the first row) to ignore, such as an export's title lines.</param>
public sealed record CsvOptions(bool Header, string Delimiter, IReadOnlyList<string> Columns, IReadOnlyList<string> Text, int SkipLines)
{
    /// <summary>A header row, comma-separated, every column kept, numbers parsed.</summary>
    public static CsvOptions Default { get; } = new(true, ",", [], [], 0);
}
