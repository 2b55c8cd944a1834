namespace TwinLab.Health.Ingest.Fhir;

/// <summary>The ways resources may point at one patient: <c>Patient/id</c> and the bundle <c>fullUrl</c>s of its Patient resource.</summary>
/// <param name="Id">The patient id.</param>
/// <param name="FullUrls">The fullUrls its Patient resource had in the bundles.</param>
internal sealed record PatientRef(string Id, IReadOnlySet<string> FullUrls)
{
    /// <summary>Whether a reference (relative, absolute or <c>urn:uuid:</c>) points at this patient.</summary>
    public bool Matches(string? reference) =>
        reference is { Length: > 0 } r && (FullUrls.Contains(r) || FhirReferences.PatientId(r) == Id);
}
