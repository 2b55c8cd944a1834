namespace TwinLab.Core.Models;

/// <summary>Collects the errors of one batch; they are reported all at once at the end.</summary>
internal sealed class DtdlErrorSink
{
    private readonly List<(int Source, DtdlError Error)> _errors = [];

    /// <summary>Number of errors so far.</summary>
    public int Count => _errors.Count;

    /// <summary>Records an error inside an interface.</summary>
    public void Add(DtdlScope scope, DtdlPath path, string rule, string message) =>
        Add(scope.SourceIndex, scope.File, path, rule, message);

    /// <summary>Records an error in a source document.</summary>
    public void Add(int sourceIndex, string? file, DtdlPath path, string rule, string message) =>
        _errors.Add((sourceIndex, new DtdlError(file, path.ToString(), rule, message)));

    /// <summary>The errors grouped by source document (in batch order), each group in the order found.</summary>
    public IReadOnlyList<DtdlError> InDocumentOrder() =>
        _errors.Select((e, i) => (e, i)).OrderBy(x => x.e.Source).ThenBy(x => x.i).Select(x => x.e.Error).ToArray();
}
