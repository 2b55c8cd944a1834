using Microsoft.Data.Sqlite;

namespace TwinLab.Storage.Sqlite;

/// <summary>Records committed writes' keys in the <c>writes</c> table: one row per batched message at high-rate intake,
/// so it goes through a native prepared statement like the event and telemetry rows.</summary>
internal sealed class WriteKeyInserter(SqliteConnection connection) : IDisposable
{
    private readonly NativeStatement _insert = new(connection,
        "INSERT INTO writes(idem_key, first_seq, last_seq, branch) VALUES (?1, ?2, ?3, ?4);");

    /// <summary>Inserts one key of a write that appended events <paramref name="first"/> to <paramref name="last"/> of <paramref name="branch"/>.</summary>
    /// <exception cref="SqliteException">SQLite refused the row (a key already recorded is a constraint error).</exception>
    public void Insert(string key, long first, long last, string branch)
    {
        _insert.Text(1, key);
        _insert.Int64(2, first);
        _insert.Int64(3, last);
        _insert.Text(4, branch);
        _insert.Execute();
    }

    public void Dispose() => _insert.Dispose();
}
