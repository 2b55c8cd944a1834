using Npgsql;
using TwinLab.Storage.Postgres;

namespace TwinLab.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests use, named by <c>TWINLAB_POSTGRES</c> (an Npgsql connection string). Each test class
/// instance takes a fresh schema and drops it when disposed; without the variable every PostgreSQL test skips.
/// </summary>
internal sealed class PostgresTestDatabase : IDisposable
{
    public const string Variable = "TWINLAB_POSTGRES";

    public const string HowToRun =
        "PostgreSQL tests need a server: .ci/run starts PostgreSQL and sets TWINLAB_POSTGRES; or start one and export " +
        "TWINLAB_POSTGRES='Host=127.0.0.1;Port=55432;Username=twinlab;Password=twinlab;Database=twinlab' " +
        "(`eval \"$(bash .ci/postgres.sh)\"` does both).";

    private readonly List<PostgresTwinStore> _opened = [];
    private bool _dropped;

    /// <summary>The connection string, or <c>null</c> when the variable is unset.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>This instance's schema (not created until a store opens it).</summary>
    public string Schema { get; } = $"twinlab_test_{Guid.NewGuid():N}";

    /// <summary>Skips the running test when no server is configured.</summary>
    public static string Require()
    {
        Skip.If(ConnectionString is null, HowToRun);
        return ConnectionString!;
    }

    /// <summary>Opens a store over this instance's schema (skips the test without a server); closed at dispose at the latest.</summary>
    public PostgresTwinStore Open()
    {
        var store = PostgresTwinStore.Open(Require(), Schema);
        lock (_opened) _opened.Add(store);
        return store;
    }

    /// <summary>Runs SQL on the test database directly (search_path set to this schema first).</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(Require());
        connection.Open();
        using var cmd = new NpgsqlCommand($"SET search_path TO {PostgresTwinStore.Quote(Schema)}; {sql}", connection);
        return cmd.ExecuteScalar();
    }

    public void Dispose()
    {
        PostgresTwinStore[] opened;
        lock (_opened) opened = [.. _opened];
        foreach (var store in opened) store.Dispose();
        if (_dropped || ConnectionString is null) return;
        _dropped = true;
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {PostgresTwinStore.Quote(Schema)} CASCADE;", connection);
        cmd.ExecuteNonQuery();
    }
}
