using System.CommandLine;
using TwinLab.Cluster.Hosting;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab cluster init-db</c>: install the PostgreSQL cluster schema and the twin store's schema ahead of the nodes (docs/scale-out.md).</summary>
internal static class ClusterCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("cluster", "Operate an Orleans cluster of 'twinlab serve --cluster' nodes (see docs/scale-out.md)");
        cmd.Subcommands.Add(InitDb(g));
        return cmd;
    }

    private static Command InitDb(GlobalOptions g)
    {
        var file = new Option<string?>("--cluster") { Description = "The cluster.yaml with 'membership: postgres' whose database and postgres_schema get the schema" };
        var print = new Option<bool>("--print") { Description = "Print the tables and functions installed (SQL) instead of installing them" };
        var cmd = new Command("init-db",
            "Create or update TwinLab's cluster schema (Orleans membership queries, membership and coordinator tables) and the twin store's schema in PostgreSQL; nodes also do this when they start")
        { file, print };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            if (ctx.Get(print))
            {
                ctx.Out.Write(PostgresClusterSchema.Script);
                return 0;
            }
            var path = ctx.Get(file) ?? throw new CliUsageException("Give the cluster file: --cluster cluster.yaml (or --print for the SQL).");
            var config = ClusterConfig.Load(path);
            if (config.Membership != MembershipKind.Postgres)
                throw new CliUsageException($"{path} does not choose 'membership: postgres'; localhost membership needs no database.");
            PostgresClusterSchema.Install(config);
            ctx.Out.WriteLine($"Cluster schema version {PostgresClusterSchema.Version} is installed in '{config.PostgresSchema}' ({PostgresClusterSchema.Describe(config.Postgres!)}).");
            // The twin store's schema too, so nodes whose role may not CREATE in the database find both ready.
            using (var twins = ClusterTwinStore.Open(config))
                ctx.Out.WriteLine($"Twin store schema version {Storage.Postgres.PostgresTwinStore.SchemaVersion} is installed in '{twins.Schema}' (last sequence number {twins.LastSequence}).");
            return 0;
        }));
        return cmd;
    }
}
