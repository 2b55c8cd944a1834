using System.Runtime.CompilerServices;

namespace TwinLab.Health.Tests.Ingest.Fhir;

/// <summary>Paths of the FHIR test files in tests/TwinLab.Health.Tests/Data/fhir (found from this source file's place).</summary>
internal static class FhirData
{
    /// <summary>The folder.</summary>
    public static string Folder => Path.GetFullPath(Path.Combine(Here(), "..", "..", "Data", "fhir"));

    /// <summary>A file or subfolder of it.</summary>
    public static string File(string name) => Path.Combine(Folder, name);

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
