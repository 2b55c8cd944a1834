using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>What <see cref="FhirPatientReader"/> found in a set of FHIR R4 JSON files.</summary>
/// <param name="Profiles">One profile per Patient resource, in id order. Readings are as the bundles state them (not yet
/// plausibility-checked) with the source <c>file#Observation/id</c>; labs, readings oldest first; the regimen timeline
/// built from the medication statements and requests.</param>
/// <param name="Problems">Resources or files left out (or kept with a caveat), naming the file and resource or position.</param>
/// <param name="Notes">How the input was interpreted: medications that are not antihypertensives, codes not understood,
/// defaults assumed (such as once daily when a dosage is missing), skipped entered-in-error resources.</param>
public sealed record FhirReadResult(
    IReadOnlyList<PatientProfile> Profiles,
    IReadOnlyList<ImportProblem> Problems,
    IReadOnlyList<string> Notes);
