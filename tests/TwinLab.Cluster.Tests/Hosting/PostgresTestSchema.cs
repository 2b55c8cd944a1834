using Npgsql;
using TwinLab.Cluster.Hosting;

namespace TwinLab.Cluster.Tests.Hosting;

/// <summary>
/// A fresh PostgreSQL schema on the server <c>TWINLAB_POSTGRES</c> names, dropped at dispose, so tests never meet each
/// other's (or a real cluster's) membership. Without the variable the tests that need it skip, saying how to run them.
/// </summary>
internal sealed class PostgresTestSchema : IDisposable
{
    public const string HowToRun =
        "PostgreSQL cluster tests need a server: .ci/run starts PostgreSQL and sets TWINLAB_POSTGRES; or run " +
        "`eval \"$(bash .ci/postgres.sh)\"` first (it starts one on 127.0.0.1:55432 and exports TWINLAB_POSTGRES).";

    /// <summary>The server's connection string, or <c>null</c> when the variable is unset.</summary>
    public static string? Server => Environment.GetEnvironmentVariable(ClusterConfig.PostgresVariable) is { Length: > 0 } s ? s : null;

    /// <summary>This instance's schema name (created by the first install).</summary>
    public string Name { get; } = $"twinlab_cluster_test_{Guid.NewGuid():N}";

    /// <summary>This instance's twin store schema (<c>twins_schema</c>), beside <see cref="Name"/>.</summary>
    public string TwinsName => Name + "_twins";

    /// <summary>Skips the running test without a server; returns its connection string.</summary>
    public static string Require()
    {
        Skip.If(Server is null, HowToRun);
        return Server!;
    }

    /// <summary>A cluster file's settings for this schema (skips without a server).</summary>
    public ClusterConfig Config(string clusterId = "test") =>
        ClusterConfig.Parse($"cluster: {clusterId}\nmembership: postgres\npostgres: \"{Require()}\"\npostgres_schema: {Name}\ntwins_schema: {TwinsName}\n",
            "cluster.yaml");

    /// <summary>Runs a query in this schema and returns its rows.</summary>
    public List<object?[]> Rows(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Require()) { SearchPath = Name }.ConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public void Dispose()
    {
        if (Server is null) return;
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Name}\", \"{TwinsName}\" CASCADE", connection);
        cmd.ExecuteNonQuery();
    }
}
