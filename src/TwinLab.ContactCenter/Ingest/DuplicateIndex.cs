namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// Remembers accepted rows so a repeated one is caught: by contact id when the log has one, otherwise by the whole
/// row. Rows are kept as two 64-bit hashes, not as text, so a large file costs 16 bytes a row.
/// </summary>
internal sealed class DuplicateIndex(HeaderBinding binding)
{
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(ulong, ulong), int> _byContent = [];

    /// <summary>The earlier accepted row that <paramref name="fields"/> repeats, if any.</summary>
    public int? Find(string[] fields)
    {
        if (Id(fields) is { } id) return _byId.TryGetValue(id, out var row) ? row : null;
        return _byContent.TryGetValue(Hash(fields), out var first) ? first : null;
    }

    public void Add(string[] fields, int row)
    {
        if (Id(fields) is { } id) _byId.TryAdd(id, row);
        else _byContent.TryAdd(Hash(fields), row);
    }

    public bool ById(string[] fields) => Id(fields) is not null;

    private string? Id(string[] fields)
    {
        if (!binding.Has(LogField.Id)) return null;
        var i = binding.Index(LogField.Id);
        var id = i < fields.Length ? fields[i].Trim() : "";
        return Vocabulary.IsMissing(id) ? null : id;
    }

    // FNV-1a and a multiply-xorshift hash over the trimmed fields with a separator, so "a,bc" and "ab,c" differ.
    private static (ulong, ulong) Hash(string[] fields)
    {
        ulong a = 14695981039346656037UL, b = 0x9E3779B97F4A7C15UL;
        foreach (var field in fields)
        {
            foreach (var c in field.AsSpan().Trim())
            {
                a = (a ^ c) * 1099511628211UL;
                b = (b ^ c) * 0xBF58476D1CE4E5B9UL;
                b ^= b >> 29;
            }
            a = (a ^ 0x1F) * 1099511628211UL;
            b = (b ^ 0x1F) * 0x94D049BB133111EBUL;
            b ^= b >> 31;
        }
        return (a, b);
    }
}
