using System.CommandLine;
using TwinLab.Server;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab serve --dev [--urls URL] [--db PATH]</c>: the Azure Digital Twins-compatible API over the database.</summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions g)
    {
        var dev = new Option<bool>("--dev") { Description = "Serve anonymously (no authentication); allowed on loopback addresses only" };
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'",
            DefaultValueFactory = _ => ServerSettings.DefaultUrl,
        };
        var cmd = new Command("serve", "Serve the Azure Digital Twins data-plane API (models, twins, relationships, query) over the database") { dev, urls };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("--as-of cannot be used with 'serve', which serves the current state.");
            var settings = new ServerSettings(ctx.DbPath, ctx.Get(dev),
                ctx.Get(urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (settings.RefusalReason() is { } reason) throw new CliUsageException(reason + ".");
            using var app = TwinLabServer.Build(settings, Simulators.Catalog());
            ctx.Err.WriteLine($"Serving {Path.GetFullPath(settings.DbPath)} anonymously (--dev) on {string.Join(", ", settings.Urls)}; Ctrl+C stops.");
            app.Run();
            return 0;
        }));
        return cmd;
    }
}
