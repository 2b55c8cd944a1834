namespace TwinLab.Cluster.Tests;

/// <summary>The repository's example scenario files.</summary>
internal static class Examples
{
    /// <summary>The text of a file under examples/.</summary>
    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>The full path of a file under examples/.</summary>
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "examples", relative);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"examples/{relative} not found above the test binaries.");
    }
}
