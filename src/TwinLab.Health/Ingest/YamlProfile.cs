using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest;

/// <summary>A YAML profile as read: the profile without readings, and the CSV files its readings are in.</summary>
/// <param name="Profile">The profile (no readings yet).</param>
/// <param name="ReadingFiles">Paths of the readings files, resolved against the YAML file's folder, in file order.</param>
internal sealed record YamlProfile(PatientProfile Profile, IReadOnlyList<string> ReadingFiles);
