using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>Which column of a particular file holds each field: the map's choices, then the usual header names.</summary>
internal sealed class HeaderBinding
{
    private readonly int[] _index;
    private readonly IReadOnlyList<string> _header;

    private HeaderBinding(int[] index, IReadOnlyList<string> header, LayoutQuirks quirks)
    {
        _index = index;
        _header = header;
        Quirks = quirks;
    }

    public LayoutQuirks Quirks { get; }

    public int ColumnCount => _header.Count;

    public bool Has(LogField field) => _index[(int)field] >= 0;

    public int Index(LogField field) => _index[(int)field];

    /// <summary>The file's name for the field's column (the field name when the file has none).</summary>
    public string Column(LogField field) => Has(field) ? _header[Index(field)] : LogFields.Name(field);

    /// <summary>Binds <paramref name="header"/>; throws when a mapped column is missing or a required field has no column.</summary>
    public static HeaderBinding Bind(IReadOnlyList<string> header, ColumnMap map, string source, List<string> notes)
    {
        var normalized = header.Select(LogFields.Normalize).ToArray();
        var index = Enumerable.Repeat(-1, LogFields.All.Count).ToArray();
        var errors = new List<string>();
        foreach (var (field, column, optional) in map.Entries)
        {
            var i = Array.IndexOf(normalized, LogFields.Normalize(column));
            if (i >= 0) index[(int)field] = i;
            else if (!optional)
                errors.Add($"column '{column}' (mapped to {LogFields.Name(field)}) is not in the file{Suggestion.Hint(column, header)}");
        }
        var used = index.Where(i => i >= 0).ToHashSet();
        foreach (var field in LogFields.All)
        {
            if (index[(int)field] >= 0 || map.Entries.Any(e => e.Field == field)) continue;
            var i = Array.FindIndex(normalized, h => LogFields.IsAlias(field, h));
            if (i >= 0 && !used.Contains(i)) index[(int)field] = i;
        }
        if (index[(int)LogField.Arrival] < 0 && index[(int)LogField.QueueEntry] < 0)
            errors.Add("no arrival time: expected a column 'arrival' (or 'queue_entry'); map one with arrival=<column>");
        if (index[(int)LogField.Outcome] < 0 && index[(int)LogField.Answered] < 0)
            errors.Add("no outcome: expected a column 'outcome' (answered/abandoned/callback) or 'answered' (yes/no); map one with outcome=<column>");
        if (errors.Count > 0)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"{source}: {string.Join("; ", errors)}. Columns in the file: {string.Join(", ", header)}.");
        var binding = new HeaderBinding(index, header, map.Quirks);
        if (!binding.Has(LogField.WaitSeconds) && !(binding.Has(LogField.QueueEntry) && binding.Has(LogField.QueueExit)))
            notes.Add("the log records no wait times (no wait_seconds, or queue_entry and queue_exit, column): every wait is unknown (NaN)");
        return binding;
    }
}
