using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TwinLab.Storage.Sqlite;

/// <summary>
/// Appends rows to the <c>events</c> table through one prepared native statement on the store's connection, inside
/// whatever transaction the connection has open.
/// </summary>
/// <remarks>
/// Every write appends here, so this is the durable write path's hot loop; binding by position on a native statement
/// avoids the per-execution name lookups and reader set-up of <see cref="SqliteCommand"/>, as
/// <see cref="TelemetryInserter"/> does for telemetry. Not thread-safe: the store calls it under its lock.
/// </remarks>
internal sealed class EventInserter : IDisposable
{
    private const string Sql = "INSERT INTO events(seq, ts, actor, branch, idem_key, type, twin_id, other_twin, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public EventInserter(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, Sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            throw Error(rc);
        }
        _stmt = stmt;
    }

    /// <summary>Inserts one event row.</summary>
    /// <exception cref="SqliteException">SQLite refused the row.</exception>
    public void Insert(long sequence, long utcTicks, string actor, string branch, string? key, string type, string? twin, string? otherTwin, string payload)
    {
        Bind(raw.sqlite3_bind_int64(_stmt, 1, sequence));
        Bind(raw.sqlite3_bind_int64(_stmt, 2, utcTicks));
        Bind(Text(3, actor));
        Bind(Text(4, branch));
        Bind(Text(5, key));
        Bind(Text(6, type));
        Bind(Text(7, twin));
        Bind(Text(8, otherTwin));
        Bind(Text(9, payload));
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(_stmt);
            return;
        }
        var error = Error(rc);
        raw.sqlite3_reset(_stmt);
        throw error;
    }

    public void Dispose() => _stmt.Dispose();

    private int Text(int index, string? value) =>
        value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value);

    private void Bind(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            var error = Error(rc);
            raw.sqlite3_reset(_stmt);
            throw error;
        }
    }

    private SqliteException Error(int rc) =>
        new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(_db));
}
