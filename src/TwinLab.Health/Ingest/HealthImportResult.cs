using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest;

/// <summary>What <see cref="HealthImport.Import(IEnumerable{string}, HealthImportOptions?)"/> produced.</summary>
/// <param name="Profiles">One profile per patient, readings checked and sorted oldest first, in id order.</param>
/// <param name="Problems">Everything left out (or kept with a caveat), with file and row or resource.</param>
/// <param name="Notes">How the input was interpreted: date order chosen, time zone assumed, which patient a CSV joined.</param>
/// <param name="Counts">Readings read, accepted and rejected by reason.</param>
public sealed record HealthImportResult(
    IReadOnlyList<PatientProfile> Profiles,
    IReadOnlyList<ImportProblem> Problems,
    IReadOnlyList<string> Notes,
    ImportCounts Counts);
