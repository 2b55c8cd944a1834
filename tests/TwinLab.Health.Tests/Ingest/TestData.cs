namespace TwinLab.Health.Tests.Ingest;

/// <summary>Paths of the test files in tests/TwinLab.Health.Tests/Data and of the repository's examples.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TwinLab.sln not found above the test binaries");
    });

    /// <summary>The repository root.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>A file of tests/TwinLab.Health.Tests/Data.</summary>
    public static string File(string name) => Path.Combine(Root.Value, "tests", "TwinLab.Health.Tests", "Data", name);

    /// <summary>The examples/health folder.</summary>
    public static string Examples => Path.Combine(Root.Value, "examples", "health");
}
