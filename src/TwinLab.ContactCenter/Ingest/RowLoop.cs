using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>Accepts or excludes rows one at a time and keeps the counts; what <see cref="InteractionLog"/> does per row.</summary>
internal sealed class RowLoop(HeaderBinding binding, ImportOptions options, DateOrder order)
{
    private readonly RowParser _parser = new(binding, options, order);
    private readonly DuplicateIndex _duplicates = new(binding);
    private readonly List<Interaction> _accepted = [];
    private readonly List<RowProblem> _listed = [];
    private readonly List<RowProblem> _rowProblems = [];
    private int _rows;
    private int _excluded;
    private int _notListed;

    public void Add(int row, string[] fields, bool malformed)
    {
        _rows++;
        _rowProblems.Clear();
        Interaction? interaction = null;
        if (malformed)
            _rowProblems.Add(new RowProblem(row, null, "malformed quoting (a stray or unclosed quote)"));
        else if (fields.Skip(binding.ColumnCount).Any(f => f.Trim().Length > 0))
            _rowProblems.Add(new RowProblem(row, null, $"has {fields.Length} fields but the header has {binding.ColumnCount} (an unquoted separator in a value?)"));
        else if (_duplicates.Find(fields) is { } first)
            _rowProblems.Add(_duplicates.ById(fields)
                ? new RowProblem(row, binding.Column(LogField.Id), $"contact id repeats row {first}")
                : new RowProblem(row, null, $"duplicate of row {first}"));
        else
            interaction = _parser.Parse(row, fields, _rowProblems);

        if (interaction is not null && _rowProblems.Count == 0)
        {
            _accepted.Add(interaction);
            _duplicates.Add(fields, row);
            return;
        }
        _excluded++;
        foreach (var p in _rowProblems)
        {
            if (_listed.Count < options.MaxProblemsListed) _listed.Add(p);
            else _notListed++;
        }
    }

    public ImportResult Result(List<string> notes)
    {
        if (_parser.UnknownWaits > 0 && _parser.UnknownWaits < _accepted.Count)
            notes.Add($"{_parser.UnknownWaits} rows record no wait time (for example unanswered calls): their wait is unknown (NaN)");
        return new ImportResult(_accepted, _listed, _rows, _excluded, notes) { ProblemsNotListed = _notListed };
    }
}
