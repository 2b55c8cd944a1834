namespace TwinLab.Health.Ingest.Fhir;

/// <summary>Reads resource references.</summary>
internal static class FhirReferences
{
    /// <summary>The id in a literal reference to a Patient (<c>Patient/p1</c>, <c>https://server/fhir/Patient/p1/_history/2</c>);
    /// null for other references.</summary>
    public static string? PatientId(string reference) => IdOf(reference, "Patient");

    /// <summary>The id in a literal reference to a resource type, or null.</summary>
    public static string? IdOf(string reference, string type)
    {
        var parts = reference.Trim().Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 2; i >= 0; i--)
        {
            if (parts[i] == type) return parts[i + 1];
        }
        return null;
    }
}
