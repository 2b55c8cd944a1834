using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Twins;

namespace TwinLab.Storage.Sqlite;

/// <summary>Inserts telemetry rows, each value's UTF-8 JSON passed straight from its <see cref="System.Text.Json.JsonElement"/>.</summary>
/// <remarks>Multi-row <c>INSERT … VALUES (…), (…)</c> through <see cref="SqliteCommand"/> measured slower than one native row insert at a time.</remarks>
internal sealed class TelemetryInserter(SqliteConnection connection) : IDisposable
{
    private readonly NativeStatement _insert = new(connection,
        "INSERT INTO telemetry(twin_id, component, name, ts, value, branch, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);");

    /// <summary>Inserts one point appended by event <paramref name="sequence"/> of <paramref name="branch"/>; with
    /// <paramref name="sealedValue"/>, its value encrypted, stored as a blob.</summary>
    /// <exception cref="SqliteException">SQLite refused the row (a null id or name is a constraint error).</exception>
    public void Insert(TelemetryPoint p, string branch, long sequence, byte[]? sealedValue = null)
    {
        _insert.Text(1, p.TwinId);
        _insert.Text(2, p.Component);
        _insert.Text(3, p.Name);
        _insert.Int64(4, p.Timestamp.UtcTicks);
        if (sealedValue is not null) _insert.Blob(5, sealedValue);
        else _insert.Utf8(5, JsonMarshal.GetRawUtf8Value(p.Value));
        _insert.Text(6, branch);
        _insert.Int64(7, sequence);
        _insert.Execute();
    }

    public void Dispose() => _insert.Dispose();
}
