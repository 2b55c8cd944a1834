namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>Valid inputs from the repository (examples/ and the test projects' data) that the mutators start from.</summary>
internal static class Corpus
{
    /// <summary>The folder holding TwinLab.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The texts of the files matching <paramref name="patterns"/> (paths relative to the root; '*' in the file
    /// name only).</summary>
    /// <exception cref="InvalidOperationException">A pattern matched nothing: the seed set must never be silently empty.</exception>
    public static IReadOnlyList<string> Files(params string[] patterns)
    {
        var texts = new List<string>();
        foreach (var pattern in patterns)
        {
            var full = Path.Combine(Root, pattern);
            var folder = Path.GetDirectoryName(full)!;
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, Path.GetFileName(full)).Order(StringComparer.Ordinal).ToArray() : [];
            if (files.Length == 0) throw new InvalidOperationException($"no seed file matches '{pattern}' under {Root}");
            texts.AddRange(files.Select(File.ReadAllText));
        }
        return texts;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TwinLab.sln not found above the test binaries");
    }
}
