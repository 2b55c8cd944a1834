namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab cluster init-db</c>: prints or installs the PostgreSQL cluster schema; refuses a file without
/// PostgreSQL membership and names the setting when the database is not there.</summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string File(string name, string text)
    {
        var path = Path.Combine(Path.GetDirectoryName(_cli.Db)!, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void InitDb_Print_ShowsTheTables()
    {
        var (exit, output, _) = _cli.Run("cluster", "init-db", "--print");
        Assert.Equal(0, exit);
        Assert.Contains("CREATE TABLE IF NOT EXISTS orleansquery", output, StringComparison.Ordinal);
        Assert.Contains("CREATE OR REPLACE FUNCTION membership_silo_update", output, StringComparison.Ordinal);
    }

    [Fact]
    public void InitDb_LocalhostMembership_IsRefused()
    {
        var (exit, _, error) = _cli.Run("cluster", "init-db", "--cluster", File("local.yaml", "cluster: a\n"));
        Assert.Equal(1, exit);
        Assert.Contains("does not choose 'membership: postgres'", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void InitDb_Postgres_InstallsTheClusterAndTwinStoreSchemas()
    {
        var server = Environment.GetEnvironmentVariable("TWINLAB_POSTGRES");
        Skip.If(string.IsNullOrEmpty(server), "Needs PostgreSQL: run `eval \"$(bash .ci/postgres.sh)\"` first (it sets TWINLAB_POSTGRES).");
        var name = $"cli_init_{Guid.NewGuid():N}";
        var path = File("pg.yaml", $"membership: postgres\npostgres_schema: {name}_c\ntwins_schema: {name}_t\n");
        try
        {
            var (exit, output, error) = _cli.Run("cluster", "init-db", "--cluster", path);
            Assert.True(exit == 0, error);
            Assert.Contains($"is installed in '{name}_c'", output, StringComparison.Ordinal);
            Assert.Contains($"Twin store schema version 2 is installed in '{name}_t' (last sequence number 0)", output, StringComparison.Ordinal);
        }
        finally
        {
            using var connection = new Npgsql.NpgsqlConnection(server);
            connection.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{name}_c\", \"{name}_t\" CASCADE", connection);
            drop.ExecuteNonQuery();
        }
    }

    [Fact]
    public void InitDb_NoServer_NamesThePostgresSetting()
    {
        var path = File("pg.yaml", "membership: postgres\npostgres: Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d\n");
        var (exit, _, error) = _cli.Run("cluster", "init-db", "--cluster", path);
        Assert.Equal(1, exit);
        Assert.Contains($"{path}:2:11: postgres: cannot install the cluster schema", error, StringComparison.Ordinal);
    }
}
