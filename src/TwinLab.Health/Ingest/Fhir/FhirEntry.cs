using Hl7.Fhir.Model;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>One resource read from a file, with where it came from.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="File">The file, as given.</param>
/// <param name="FullUrl">The bundle entry's <c>fullUrl</c>, if any.</param>
/// <param name="Group">Index of the file among the files read: resources of one bundle share it.</param>
/// <param name="Location">How problems name it: <c>Observation/bp-1</c>, or <c>entry[3]</c> when it has no id.</param>
/// <param name="Order">Position among all resources read (for stable ordering).</param>
internal sealed record FhirEntry(Resource Resource, string File, string? FullUrl, int Group, string Location, int Order)
{
    /// <summary><c>file#Observation/bp-1</c>.</summary>
    public string Source => $"{File}#{Location}";
}
