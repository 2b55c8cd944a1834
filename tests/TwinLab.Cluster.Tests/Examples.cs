namespace TwinLab.Cluster.Tests;

/// <summary>The repository's example scenario files.</summary>
internal static class Examples
{
    /// <summary>The text of a file under examples/.</summary>
    public static string Read(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "examples", relative);
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new InvalidOperationException($"examples/{relative} not found above the test binaries.");
    }
}
