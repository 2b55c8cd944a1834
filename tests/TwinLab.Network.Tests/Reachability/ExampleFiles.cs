namespace TwinLab.Network.Tests;

/// <summary>Finds examples/network/ from the test's output folder.</summary>
internal static class ExampleFiles
{
    public static string Folder { get; } = Find();

    public static string Path(string relative) => System.IO.Path.Combine(Folder, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "examples", "network");
            if (File.Exists(System.IO.Path.Combine(candidate, "topology.yaml"))) return candidate;
        }
        throw new InvalidOperationException("examples/network/topology.yaml not found above " + AppContext.BaseDirectory);
    }
}
