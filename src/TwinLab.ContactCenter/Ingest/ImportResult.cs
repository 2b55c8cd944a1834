using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>What reading an interaction log produced.</summary>
/// <param name="Interactions">The valid rows, in file order.</param>
/// <param name="Problems">Why rows were excluded: every problem of every excluded row (a row can have several), up
/// to <see cref="ImportOptions.MaxProblemsListed"/>.</param>
/// <param name="RowsRead">Data rows in the file (blank lines not counted).</param>
/// <param name="RowsExcluded">Rows left out because of a problem.</param>
/// <param name="Notes">Decisions the reader took that the user should know about (date order, defaults, unknown waits).</param>
public sealed record ImportResult(
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<RowProblem> Problems,
    int RowsRead,
    int RowsExcluded,
    IReadOnlyList<string> Notes)
{
    /// <summary>Rows used: <see cref="RowsRead"/> − <see cref="RowsExcluded"/>.</summary>
    public int RowsUsed => Interactions.Count;

    /// <summary>Problems found but not listed in <see cref="Problems"/> because there were too many.</summary>
    public int ProblemsNotListed { get; init; }

    /// <summary>"1 000 rows read, 980 used, 20 excluded".</summary>
    public string Summary() => $"{RowsRead} rows read, {RowsUsed} used, {RowsExcluded} excluded";
}
