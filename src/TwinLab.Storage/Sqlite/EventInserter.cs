using Microsoft.Data.Sqlite;

namespace TwinLab.Storage.Sqlite;

/// <summary>Appends rows to the <c>events</c> table: every write goes through here, so it is the durable path's hot loop.</summary>
internal sealed class EventInserter(SqliteConnection connection) : IDisposable
{
    private readonly NativeStatement _insert = new(connection,
        "INSERT INTO events(seq, ts, actor, branch, idem_key, type, twin_id, other_twin, more_twins, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);");

    /// <summary>Inserts one event row.</summary>
    /// <param name="sequence">Global sequence number.</param>
    /// <param name="utcTicks">Commit time.</param>
    /// <param name="actor">Who wrote.</param>
    /// <param name="branch">Branch written.</param>
    /// <param name="key">Idempotency key, or null.</param>
    /// <param name="type">Change type.</param>
    /// <param name="twins">The twins the event touches (first two in their own columns, the rest as a JSON array).</param>
    /// <param name="payload">The change as UTF-8 JSON, or sealed (encrypted) bytes.</param>
    /// <param name="sealedPayload">The payload is sealed: stored as a blob, which tells it from plain JSON text.</param>
    /// <exception cref="SqliteException">SQLite refused the row.</exception>
    public void Insert(long sequence, long utcTicks, string actor, string branch, string? key, string type, IReadOnlyList<string> twins, ReadOnlySpan<byte> payload, bool sealedPayload = false)
    {
        _insert.Int64(1, sequence);
        _insert.Int64(2, utcTicks);
        _insert.Text(3, actor);
        _insert.Text(4, branch);
        _insert.Text(5, key);
        _insert.Text(6, type);
        _insert.Text(7, twins.Count > 0 ? twins[0] : null);
        _insert.Text(8, twins.Count > 1 ? twins[1] : null);
        _insert.Text(9, twins.Count > 2 ? System.Text.Json.JsonSerializer.Serialize(twins.Skip(2)) : null);
        if (sealedPayload) _insert.Blob(10, payload);
        else _insert.Utf8(10, payload);
        _insert.Execute();
    }

    public void Dispose() => _insert.Dispose();
}
