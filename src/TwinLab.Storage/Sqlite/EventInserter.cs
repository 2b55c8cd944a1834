using Microsoft.Data.Sqlite;

namespace TwinLab.Storage.Sqlite;

/// <summary>Appends rows to the <c>events</c> table: every write goes through here, so it is the durable path's hot loop.</summary>
internal sealed class EventInserter(SqliteConnection connection) : IDisposable
{
    private readonly NativeStatement _insert = new(connection,
        "INSERT INTO events(seq, ts, actor, branch, idem_key, type, twin_id, other_twin, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);");

    /// <summary>Inserts one event row.</summary>
    /// <exception cref="SqliteException">SQLite refused the row.</exception>
    public void Insert(long sequence, long utcTicks, string actor, string branch, string? key, string type, string? twin, string? otherTwin, string payload)
    {
        _insert.Int64(1, sequence);
        _insert.Int64(2, utcTicks);
        _insert.Text(3, actor);
        _insert.Text(4, branch);
        _insert.Text(5, key);
        _insert.Text(6, type);
        _insert.Text(7, twin);
        _insert.Text(8, otherTwin);
        _insert.Text(9, payload);
        _insert.Execute();
    }

    public void Dispose() => _insert.Dispose();
}
