namespace TwinLab.Health.Ingest.Fhir;

/// <summary>Collects the problems and notes of one read.</summary>
internal sealed class FhirLog
{
    /// <summary>Items left out (or kept with a caveat).</summary>
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>How the input was interpreted.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Records an item left out.</summary>
    public void Problem(string file, string location, string problem) => Problems.Add(new ImportProblem(file, location, problem));

    /// <summary>Records an item kept with a caveat.</summary>
    public void Caveat(string file, string location, string problem) => Problems.Add(new ImportProblem(file, location, problem, Excluded: false));

    /// <summary>Records a note <c>file: location: text</c>.</summary>
    public void Note(string file, string location, string text) => Notes.Add($"{file}: {location}: {text}");

    /// <summary>Records a problem about an entry.</summary>
    public void Problem(FhirEntry entry, string problem, string element = "") => Problem(entry.File, entry.Location + element, problem);

    /// <summary>Records a note about an entry.</summary>
    public void Note(FhirEntry entry, string text) => Note(entry.File, entry.Location, text);

    private readonly SortedDictionary<string, int> _unused = new(StringComparer.Ordinal);

    /// <summary>Counts a resource whose code the twin does not use (reported once per code by <see cref="FlushUnused"/>).</summary>
    public void Unused(string resourceType, string description)
    {
        var key = $"{resourceType} '{description}'";
        _unused[key] = _unused.GetValueOrDefault(key) + 1;
    }

    /// <summary>Adds one note listing the codes not used, with counts.</summary>
    public void FlushUnused()
    {
        if (_unused.Count == 0) return;
        Notes.Add("codes not used by the twin (skipped): " + string.Join("; ", _unused.Select(p => p.Value == 1 ? p.Key : $"{p.Key} ×{p.Value}")));
        _unused.Clear();
    }
}
