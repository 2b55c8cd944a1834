using System.CommandLine;
using TwinLab.Core.History;

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

    public Option<string> Branch { get; } = new("--branch")
    {
        Description = "The branch to read or write (see 'twinlab branch list')",
        DefaultValueFactory = _ => BranchInfo.Main,
        Recursive = true,
    };

    public Option<string?> AsOf { get; } = new("--as-of")
    {
        Description = "Read the state as of a point in history: a sequence number (an integer) or an ISO 8601 time; reads only",
        Recursive = true,
    };

    public Option<string> Actor { get; } = new("--actor")
    {
        Description = "Who makes a write, recorded on its events in the history",
        DefaultValueFactory = _ => "cli",
        Recursive = true,
    };

    public Option<string?> IdempotencyKey { get; } = new("--idempotency-key")
    {
        Description = "Makes a write exactly-once: a write whose key was already applied is acknowledged and not applied again",
        Recursive = true,
    };

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"Work against a TwinLab server (https://HOST:PORT) instead of a database file (default: ${Remote.ServerTarget.ServerVariable}); cannot be combined with --db",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"With --server: the API key or JWT to send, or @FILE holding it (default: ${Remote.ServerTarget.TokenVariable}, also @FILE-able). Prefer @FILE or the variable: the command line shows in 'ps'",
        Recursive = true,
    };

    public Option<string?> CaCert { get; } = new("--cacert")
    {
        Description = $"With --server: trust the server certificate(s) in this PEM file, e.g. the server's twinlab-dev-cert.pem (default: ${Remote.ServerTarget.CaCertVariable}; else the system's trusted roots)",
        Recursive = true,
    };

    public Option<string?> KeyFile { get; } = new("--key-file")
    {
        Description = "The master key file of a database encrypted at rest (base64, see 'twinlab encryption new-key'); default: the TWINLAB_MASTER_KEY environment variable",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Token);
        root.Options.Add(CaCert);
        root.Options.Add(Db);
        root.Options.Add(Json);
        root.Options.Add(Branch);
        root.Options.Add(AsOf);
        root.Options.Add(Actor);
        root.Options.Add(IdempotencyKey);
        root.Options.Add(KeyFile);
    }
}
