namespace TwinLab.Core.Tests.TestData;

/// <summary>Locates the shared public corpora that live beside the repository (<c>../shared/corpora</c>).</summary>
public static class Corpora
{
    private const string RealEstateCoreRelative = "shared/corpora/dtdl-realestatecore/Ontology";

    /// <summary>The RealEstateCore DTDL ontology folder, or <c>null</c> when the shared folder is not checked out.</summary>
    public static string? RealEstateCoreOntology { get; } = Find(RealEstateCoreRelative);

    // Walk up from the test binaries; at each level accept <ancestor>/shared/... or <ancestor>/../shared/...
    private static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var here = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(here)) return here;
            if (dir.Parent is { } parent && Directory.Exists(Path.Combine(parent.FullName, relative)))
                return Path.Combine(parent.FullName, relative);
        }
        return null;
    }
}
