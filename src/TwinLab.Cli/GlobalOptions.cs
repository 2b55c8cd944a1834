using System.CommandLine;

namespace TwinLab.Cli;

/// <summary>Options every verb takes.</summary>
internal sealed class GlobalOptions
{
    public Option<string> Db { get; } = new("--db")
    {
        Description = "Path of the SQLite database file",
        DefaultValueFactory = _ => "twinlab.db",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON to stdout (and nothing else there)",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Db);
        root.Options.Add(Json);
    }
}
