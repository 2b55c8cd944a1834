using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest;

/// <summary>What <see cref="BpCsvReader"/> read from one file.</summary>
/// <param name="Readings">Rows read, not yet plausibility-checked.</param>
/// <param name="Problems">Rows that could not be read (excluded).</param>
/// <param name="Notes">How the file was interpreted (layout, date order).</param>
/// <param name="Rows">Data rows in the file.</param>
internal sealed record BpCsvFile(IReadOnlyList<CandidateReading> Readings, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<string> Notes, int Rows);
