namespace TwinLab.Network.Tests.Scan;

/// <summary>Finds the test data files: they stay in the source tree, found from the test binaries upwards
/// (the directory holding TwinLab.sln is the repository root).</summary>
internal static class ScanDataFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) return dir.FullName;
        throw new InvalidOperationException($"TwinLab.sln not found above {AppContext.BaseDirectory}");
    });

    /// <summary>The full path of <c>tests/TwinLab.Network.Tests/Data/{folder}/{name}</c>.</summary>
    public static string Locate(string folder, string name) =>
        System.IO.Path.Combine(Root.Value, "tests", "TwinLab.Network.Tests", "Data", folder, name);

    public static string Scan(string name) => Locate("scan", name);

    public static string Nvd(string name) => Locate("nvd", name);
}
