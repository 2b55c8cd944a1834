using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

/// <summary>Runs <c>twinlab</c> in-process against a temporary database.</summary>
public sealed class CliHarness : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-cli-").FullName;

    public string Db => Path.Combine(_dir, "test.db");

    public string Examples { get; } = FindExamples();

    public string File(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = TwinLabCli.Run(["--db", Db, .. args], o, e);
        return (exit, o.ToString(), e.ToString());
    }

    /// <summary>Runs with --json and parses stdout; fails the test if the command fails.</summary>
    public JsonNode Json(params string[] args)
    {
        var (exit, stdout, stderr) = Run([.. args, "--json"]);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    /// <summary>Imports the sample building models and twins.</summary>
    public void LoadBuilding()
    {
        var (exit, _, err) = Run("models", "import", Path.Combine(Examples, "building", "models"));
        Assert.True(exit == 0, err);
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "building"))) return candidate;
        }
        throw new InvalidOperationException("examples/ not found above the test binaries");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
