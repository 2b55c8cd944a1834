using System.CommandLine;
using TwinLab.Cli.Commands;

namespace TwinLab.Cli;

/// <summary>The <c>twinlab</c> command: builds the command tree and maps failures to exit codes.</summary>
/// <remarks>Exit codes: 0 success, 1 user error (one line on stderr), 2 internal fault.</remarks>
public static class TwinLabCli
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("TwinLab: digital twins you can experiment on. State lives in an embedded SQLite file (--db).");
        globals.AddTo(root);
        root.Subcommands.Add(ModelsCommand.Create(globals));
        root.Subcommands.Add(TwinsCommand.Create(globals));
        root.Subcommands.Add(RelsCommand.Create(globals));
        root.Subcommands.Add(TelemetryCommand.Create(globals));
        root.Subcommands.Add(QueryCommand.Create(globals));
        root.Subcommands.Add(HistoryCommand.Create(globals));
        root.Subcommands.Add(BranchCommand.Create(globals));
        root.Subcommands.Add(RunCommand.Create(globals));
        root.Subcommands.Add(ResultsCommand.Create(globals));
        root.Subcommands.Add(ContactCommand.Create(globals));
        root.Subcommands.Add(NetworkCommand.Create(globals));
        root.Subcommands.Add(HealthCommand.Create(globals));
        root.Subcommands.Add(DemoCommand.Create(globals));
        root.Subcommands.Add(ServeCommand.Create(globals));
        root.Subcommands.Add(ClusterCommand.Create(globals));
        root.Subcommands.Add(ApiKeysCommand.Create(globals));
        root.Subcommands.Add(PoliciesCommand.Create(globals));
        root.Subcommands.Add(IngestCommand.Create(globals));
        root.Subcommands.Add(ConnectionsCommand.Create(globals));
        root.Subcommands.Add(EndpointsCommand.Create(globals));
        root.Subcommands.Add(RoutesCommand.Create(globals));
        root.Subcommands.Add(DriftCommand.Create(globals));
        root.Subcommands.Add(AuditCommand.Create(globals));
        root.Subcommands.Add(ExportCommand.Create(globals));
        root.Subcommands.Add(EncryptionCommand.Create(globals));
        // "@file" is how verbs take JSON from a file, so System.CommandLine's response-file expansion is off.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        var exit = parse.Invoke(config);
        CliAudit.Record(parse, globals, exit, error);
        return exit;
    }
}
