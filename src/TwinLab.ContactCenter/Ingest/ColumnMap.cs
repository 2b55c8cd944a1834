using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// The layout of an interaction log: which column of the file holds each field (arrival, channel, queue, …).
/// Fields the map does not name are found by their usual header names (<c>arrival</c>, <c>wait_seconds</c>,
/// <c>queue_entry</c>, …); header names are compared ignoring case, spaces and punctuation.
/// </summary>
/// <remarks>
/// Written as <c>field=column,field=column</c> (<see cref="Parse"/>), optionally starting from a preset for a public
/// layout: <c>anonymous-bank</c> (<see cref="AnonymousBank"/>) or <c>call-center</c> (<see cref="CallCenter"/>).
/// </remarks>
public sealed partial class ColumnMap
{
    private readonly Dictionary<LogField, (string Column, bool Optional)> _entries;

    private ColumnMap(Dictionary<LogField, (string Column, bool Optional)> entries, string? preset, LayoutQuirks quirks)
    {
        _entries = entries;
        PresetName = preset;
        Quirks = quirks;
    }

    /// <summary>The empty map: every field is found by its usual header name.</summary>
    public static ColumnMap Default { get; } = new([], null, LayoutQuirks.None);

    /// <summary>The field names a map may use, such as <c>arrival</c> and <c>wait_seconds</c>.</summary>
    public static IReadOnlyList<string> FieldNames => LogFields.AllNames;

    /// <summary>The preset this map starts from, or null.</summary>
    public string? PresetName { get; }

    /// <summary>The fields the map names, with the file column for each.</summary>
    public IReadOnlyDictionary<string, string> Columns =>
        _entries.OrderBy(e => e.Key).ToDictionary(e => LogFields.Name(e.Key), e => e.Value.Column);

    internal LayoutQuirks Quirks { get; }

    internal IEnumerable<(LogField Field, string Column, bool Optional)> Entries =>
        _entries.OrderBy(e => e.Key).Select(e => (e.Key, e.Value.Column, e.Value.Optional));

    /// <summary>
    /// Reads a map such as <c>arrival=q_start,queue=type</c>. An entry without '=' names a preset that the other
    /// entries then change, e.g. <c>call-center,queue=Department</c>. A column name holding a comma goes in double quotes.
    /// </summary>
    /// <exception cref="TwinLabException">An unknown field or preset, an entry without a column, or a field named twice;
    /// the message lists the fields (or presets) accepted.</exception>
    public static ColumnMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new Dictionary<LogField, (string, bool)>();
        string? preset = null;
        var quirks = LayoutQuirks.None;
        var named = new HashSet<LogField>();
        foreach (var item in SplitItems(text))
        {
            var equals = item.IndexOf('=');
            if (equals < 0)
            {
                var p = Preset(item);
                foreach (var (field, presetColumn, optional) in p.Entries) entries[field] = (presetColumn, optional);
                preset = p.PresetName;
                quirks |= p.Quirks;
                continue;
            }
            var name = item[..equals].Trim();
            var column = Unquote(item[(equals + 1)..].Trim());
            if (!LogFields.TryParse(name, out var f))
                throw Error($"'{name}' is not a field{Suggestion.Hint(name, FieldNames)}. Fields: {string.Join(", ", FieldNames)}.");
            if (column.Length == 0) throw Error($"'{name}=' names no column; write {name}=<column in the file>.");
            if (!named.Add(f)) throw Error($"'{LogFields.Name(f)}' is mapped twice.");
            entries[f] = (column, false);
        }
        return new ColumnMap(entries, preset, quirks);
    }

    /// <summary>A preset by name: <c>anonymous-bank</c> or <c>call-center</c> (spelling of case, '-', '_' and "centre" is free).</summary>
    /// <exception cref="TwinLabException">No preset has that name.</exception>
    public static ColumnMap Preset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return LogFields.Normalize(name) switch
        {
            "anonymousbank" or "bank" => AnonymousBank,
            "callcenter" or "callcentre" => CallCenter,
            _ => throw Error($"'{name}' is not a preset{Suggestion.Hint(name, PresetNames)}. Presets: {string.Join(", ", PresetNames)}; " +
                             $"or write field=column entries with the fields {string.Join(", ", FieldNames)}."),
        };
    }

    /// <summary>This map with <paramref name="field"/> read from <paramref name="column"/>.</summary>
    /// <exception cref="TwinLabException">Not a field name.</exception>
    public ColumnMap With(string field, string column)
    {
        if (!LogFields.TryParse(field, out var f))
            throw Error($"'{field}' is not a field{Suggestion.Hint(field, FieldNames)}. Fields: {string.Join(", ", FieldNames)}.");
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        var entries = new Dictionary<LogField, (string, bool)>(_entries) { [f] = (column, false) };
        return new ColumnMap(entries, PresetName, Quirks);
    }

    /// <summary>The map in the form <see cref="Parse"/> reads (preset entries spelt out).</summary>
    public override string ToString() =>
        string.Join(",", Entries.Select(e => $"{LogFields.Name(e.Field)}={(e.Column.Contains(',') ? $"\"{e.Column}\"" : e.Column)}"));

    private static IEnumerable<string> SplitItems(string text)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '"') quoted = !quoted;
            if (i < text.Length && (text[i] != ',' || quoted)) continue;
            var item = text[start..i].Trim();
            if (item.Length > 0) yield return item;
            start = i + 1;
        }
    }

    private static string Unquote(string column) =>
        column.Length >= 2 && column[0] == '"' && column[^1] == '"' ? column[1..^1] : column;

    private static TwinLabException Error(string message) => new(ErrorCodes.InvalidArgument, $"Column map: {message}");
}
