using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest;

/// <summary>A reading as read, before the plausibility checks, with where it came from.</summary>
/// <param name="Reading">The reading.</param>
/// <param name="File">The file, as given.</param>
/// <param name="Location"><c>row 17</c> or <c>Observation/bp-17</c>.</param>
internal sealed record CandidateReading(BpReading Reading, string File, string Location);
