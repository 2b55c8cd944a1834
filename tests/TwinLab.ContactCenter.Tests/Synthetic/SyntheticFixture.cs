using TwinLab.ContactCenter.Synthetic;

namespace TwinLab.ContactCenter.Tests.Synthetic;

/// <summary>The default synthetic month, generated once for all tests that only look at it.</summary>
internal static class SyntheticFixture
{
    private static readonly Lazy<SyntheticMonth> Generated = new(() => SyntheticContactCentre.Generate());

    public static SyntheticMonth Month => Generated.Value;

    /// <summary>The repository root (the folder holding TwinLab.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) return dir.FullName;
        throw new InvalidOperationException("TwinLab.sln not found above " + AppContext.BaseDirectory);
    }
}
