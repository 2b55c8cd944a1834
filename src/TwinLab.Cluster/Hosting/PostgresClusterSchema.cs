using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace TwinLab.Cluster.Hosting;

/// <summary>
/// Installs TwinLab's cluster tables — Orleans membership and experiment coordinators' state — into the PostgreSQL
/// schema <see cref="ClusterConfig.PostgresSchema"/>. Every silo with <c>membership: postgres</c> runs it before Orleans
/// starts; <c>twinlab cluster init-db</c> runs it on its own.
/// </summary>
/// <remarks>
/// Idempotent and safe to run from several processes at once: it holds a transaction-scoped advisory lock keyed on the
/// schema's name, creates what is missing (<c>IF NOT EXISTS</c>), replaces the functions, and upserts the query texts
/// Orleans reads from <c>OrleansQuery</c>, so a newer TwinLab brings its newer texts. A schema installed by a newer TwinLab
/// (<c>twinlab_cluster_meta.schema_version</c> above <see cref="Version"/>) is refused rather than downgraded.
/// The DDL is <c>PostgresClusterSchema.sql</c> (embedded), the query texts <see cref="PostgresMembershipQueries"/>.
/// </remarks>
public static class PostgresClusterSchema
{
    /// <summary>The schema version this build installs.</summary>
    public const int Version = 1;

    /// <summary>Advisory lock class ("TWCL"); the object id is the schema name's hash.</summary>
    private const int LockClass = 0x5457434C;

    /// <summary>The connection string Orleans and the grain storage use: <see cref="ClusterConfig.Postgres"/> with its
    /// search path set to <see cref="ClusterConfig.PostgresSchema"/> (Orleans names its tables without a schema).</summary>
    public static string ConnectionString(ClusterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var builder = new NpgsqlConnectionStringBuilder(config.Postgres) { SearchPath = config.PostgresSchema };
        return builder.ConnectionString;
    }

    /// <summary>Creates or updates the schema's tables, functions and queries.</summary>
    /// <exception cref="ClusterFileException">The database cannot be reached or refuses the install (the message names
    /// cluster.yaml's <c>postgres</c> setting), or a newer TwinLab installed the schema.</exception>
    public static void Install(ClusterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(config.Postgres) { SearchPath = null }.ConnectionString);
            connection.Open();
            using var tx = connection.BeginTransaction();
            Execute(connection, tx, "SELECT pg_advisory_xact_lock($1, hashtext($2))", LockClass, config.PostgresSchema);
            var quoted = "\"" + config.PostgresSchema + "\"";
            // CREATE SCHEMA IF NOT EXISTS would need the CREATE privilege on the database even when the schema exists.
            if (Scalar(connection, tx, "SELECT NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", config.PostgresSchema) is true)
                Execute(connection, tx, $"CREATE SCHEMA {quoted}");
            Execute(connection, tx, $"SET LOCAL search_path TO {quoted}");
            Execute(connection, tx, Ddl.Value);
            var installed = Scalar(connection, tx, "SELECT value FROM twinlab_cluster_meta WHERE key = 'schema_version'") is string v
                ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
            if (installed > Version)
                throw Problem(config, $"schema '{config.PostgresSchema}' was installed by a newer TwinLab (version {installed}; this one knows {Version}); upgrade this node");
            foreach (var (key, text) in PostgresMembershipQueries.All)
                Execute(connection, tx, """
                    INSERT INTO orleansquery (querykey, querytext) VALUES ($1, $2)
                    ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext
                    """, key, text);
            Execute(connection, tx, """
                INSERT INTO twinlab_cluster_meta (key, value) VALUES ('schema_version', $1)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                """, Version.ToString(CultureInfo.InvariantCulture));
            tx.Commit();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or ArgumentException)
        {
            throw Problem(config, $"cannot install the cluster schema '{config.PostgresSchema}' in PostgreSQL ({Describe(config.Postgres!)}): {e.Message}");
        }
    }

    /// <summary>An error naming where the connection string came from: the <c>postgres</c> key, or
    /// <c>membership</c> when it was read from <c>$TWINLAB_POSTGRES</c>.</summary>
    internal static ClusterFileException Problem(ClusterConfig config, string problem) =>
        new(config.File, config.PostgresLine, config.PostgresColumn, config.PostgresFromEnvironment ? "membership" : "postgres",
            (config.PostgresFromEnvironment ? $"(connection string from ${ClusterConfig.PostgresVariable}) " : "") + problem);

    /// <summary>Where a connection string points, without its password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"host {b.Host}, port {b.Port}, database {b.Database ?? "(default)"}, user {b.Username ?? "(default)"}";
        }
        catch (ArgumentException)
        {
            return "an unreadable connection string";
        }
    }

    private static readonly Lazy<string> Ddl = new(() =>
    {
        using var stream = typeof(PostgresClusterSchema).Assembly.GetManifestResourceStream("TwinLab.Cluster.Hosting.PostgresClusterSchema.sql")
            ?? throw new InvalidOperationException("PostgresClusterSchema.sql is not embedded in TwinLab.Cluster.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The DDL (for operators who read what is installed).</summary>
    public static string Script => Ddl.Value;

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params object[] args)
    {
        using var cmd = Command(connection, tx, sql, args);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, params object[] args)
    {
        using var cmd = Command(connection, tx, sql, args);
        return cmd.ExecuteScalar();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, object[] args)
    {
        var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return cmd;
    }
}
