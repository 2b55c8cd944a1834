namespace TwinLab.Cli;

/// <summary>Writes a plain, aligned text table.</summary>
internal static class Table
{
    private const int MaxCell = 60;

    public static void Write(TextWriter w, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var data = rows.Select(r => r.Select(Clip).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, data.Count == 0 ? 0 : data.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        w.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        w.WriteLine(string.Join("  ", widths.Select(n => new string('-', n))));
        foreach (var r in data)
            w.WriteLine(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        w.WriteLine($"({data.Count} row{(data.Count == 1 ? "" : "s")})");
    }

    private static string Clip(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= MaxCell ? s : s[..(MaxCell - 1)] + "…";
    }
}
