using Microsoft.Data.Sqlite;
using TwinLab.Core.Audit;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Storage.Tests.Audit;

/// <summary>The audit store contract on a temporary SQLite file.</summary>
public sealed class SqliteAuditStoreTests : AuditStoreContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"twinlab-audit-{Guid.NewGuid():N}.db");

    protected override IAuditStore Open() => SqliteAuditStore.Open(_path);

    protected override string DropTriggers => "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete; ";

    protected override void Execute(string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
    }
}
