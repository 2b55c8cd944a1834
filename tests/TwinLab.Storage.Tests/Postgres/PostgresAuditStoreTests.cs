using TwinLab.Core.Audit;
using TwinLab.Storage.Postgres;
using TwinLab.Storage.Tests.Audit;

namespace TwinLab.Storage.Tests.Postgres;

/// <summary>The audit store contract on a fresh PostgreSQL schema. Skips without <c>TWINLAB_POSTGRES</c>.</summary>
public sealed class PostgresAuditStoreTests : AuditStoreContractTests, IDisposable
{
    private readonly PostgresTestDatabase _db = new();
    private readonly List<IAuditStore> _opened = [];

    protected override IAuditStore Open()
    {
        var store = PostgresAuditStore.Open(PostgresTestDatabase.Require(), _db.Schema);
        lock (_opened) _opened.Add(store);
        return store;
    }

    protected override string DropTriggers => "DROP TRIGGER IF EXISTS audit_append_only ON audit; ";

    protected override void Execute(string sql) => _db.Scalar(sql);

    public void Dispose()
    {
        lock (_opened) foreach (var store in _opened) store.Dispose();
        _db.Dispose();
    }
}
