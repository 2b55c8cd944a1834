using System.CommandLine;
using System.CommandLine.Parsing;
using TwinLab.Core.Audit;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli;

/// <summary>
/// Records the verbs that change data, export it, run experiments or administer access in the database's audit log, as
/// actor <c>cli:USER@HOST</c> from address <c>local</c>, with the exit code as the outcome. Reads are not recorded: the
/// user has the file.
/// </summary>
/// <remarks>
/// The record names the verb, its arguments and the options given, never option values (they may be secrets or
/// personal data: <c>--properties</c>, <c>--jwt-key</c>), except <c>--branch</c>. Nothing is recorded when the database
/// does not exist afterwards (the verb failed before creating it). A failure to record is reported on stderr; it does not
/// change the exit code of a verb that already did its work.
/// </remarks>
internal static class CliAudit
{
    /// <summary>Leaf verbs that change data.</summary>
    private static readonly HashSet<string> WriteVerbs = new(StringComparer.Ordinal)
    {
        "create", "replace", "patch", "delete", "add", "remove", "import", "append", "merge", "discard", "set", "reset",
        "replay", "pause", "resume", "calibrate", "auto-recalibrate", "revoke", "purge", "enable", "rotate", "grant",
    };

    /// <summary>Top-level verbs that administer who may do what, or where data goes.</summary>
    private static readonly HashSet<string> AdminAreas = new(StringComparer.Ordinal) { "apikeys", "connections", "endpoints", "routes", "policies", "encryption" };

    /// <summary>Read-only leaves under the admin areas.</summary>
    private static readonly HashSet<string> ReadVerbs = new(StringComparer.Ordinal) { "list", "show", "status", "check", "get", "read" };

    /// <summary>Resource kinds by top-level verb.</summary>
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["twins"] = "twin", ["rels"] = "twin", ["telemetry"] = "twin", ["models"] = "model", ["branch"] = "branch", ["results"] = "experiment",
        ["apikeys"] = "apikey", ["connections"] = "connection", ["endpoints"] = "endpoint", ["routes"] = "eventroute", ["policies"] = "policy",
        ["drift"] = "twin", ["health"] = "patient",
    };

    /// <summary>The action of the verb <paramref name="words"/> (e.g. <c>["twins", "patch"]</c>) with these options given,
    /// or <c>null</c> when it is not recorded.</summary>
    public static string? ActionOf(IReadOnlyList<string> words, IReadOnlySet<string> options)
    {
        if (words.Count == 0) return null;
        var top = words[0];
        var leaf = words[^1];
        if (top is "run" || leaf is "simulate" or "trial") return AuditActions.Run;
        if (top is "export" || options.Contains("--report") || (top is "results" && options.Contains("--out"))) return AuditActions.Export;
        if (top is "serve" or "audit") return null;
        if (AdminAreas.Contains(top)) return ReadVerbs.Contains(leaf) ? null : AuditActions.Admin;
        if (top is "demo" or "ingest" || WriteVerbs.Contains(leaf)) return AuditActions.Write;
        return null;
    }

    /// <summary>Records the verb of <paramref name="parse"/> that ended with <paramref name="exit"/>, if it is recorded.</summary>
    public static void Record(ParseResult parse, GlobalOptions globals, int exit, TextWriter error)
    {
        if (parse.Errors.Count > 0) return;
        var words = new List<string>();
        for (var r = parse.CommandResult; r.Parent is CommandResult parent; r = parent) words.Insert(0, r.Command.Name);
        var given = new List<OptionResult>();
        for (CommandResult? r = parse.CommandResult; r is not null; r = r.Parent as CommandResult)
            given.AddRange(r.Children.OfType<OptionResult>().Where(o => !o.Implicit));
        var optionNames = given.Select(o => o.Option.Name).ToHashSet(StringComparer.Ordinal);
        if (ActionOf(words, optionNames) is not { } action) return;
        var db = words[0] == "demo" && parse.GetResult(globals.Db) is not { Implicit: false } ? Commands.DemoCommand.DemoDb : parse.GetValue(globals.Db)!;
        if (!File.Exists(db)) return;

        var arguments = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).ToList();
        // A purge erased every earlier record's copy of its ids; its own record names them redacted (by their hash).
        if (words[^1] == "purge") arguments = [.. arguments.Select(AuditChain.Redacted)];
        var kind = Kinds.GetValueOrDefault(words[0]);
        var resource = kind is not null && arguments.Count > 0 ? $"{kind}:{arguments[0]}"
            : words[0] == "export" || kind == "branch" ? $"branch:{parse.GetValue(globals.Branch)}"
            : string.Join('/', words);
        var detail = string.Join(' ', new[] { "twinlab" }.Concat(words).Concat(arguments)
            .Concat(given.Where(o => o.Option != globals.Db && o.Option != globals.Json)
                .Select(o => o.Option == globals.Branch ? $"--branch {parse.GetValue(globals.Branch)}" : o.Option.Name)));
        var entry = new AuditEntry(TimeProvider.System.GetUtcNow(), Actor(), AuditAuthKinds.Cli, "local", action, resource,
            $"exit {exit}", "", detail);
        try
        {
            using var store = SqliteAuditStore.Open(db);
            store.Append([entry]);
        }
        catch (Exception e) when (exit != 0 || e is Core.Errors.TwinLabException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            // A verb that failed already said why (often the same reason: the file is not a TwinLab database).
            if (exit == 0) error.WriteLine($"warning: the audit log could not record '{string.Join(' ', words)}': {e.Message}");
        }
    }

    /// <summary><c>cli:USER@HOST</c>: the local account running the command.</summary>
    public static string Actor() => $"cli:{Environment.UserName}@{Environment.MachineName}";
}
