using TwinLab.Core.Twins;
using TwinLab.Storage.Tests.History;

namespace TwinLab.Storage.Tests.Postgres;

/// <summary>The store contract on PostgreSQL, each test class instance in its own schema; reopening opens a new store
/// (a new connection pool) over the same schema. Skips without <c>TWINLAB_POSTGRES</c>.</summary>
public sealed class PostgresTwinStoreContractTests : TwinStoreContractTests, IDisposable
{
    private readonly PostgresTestDatabase _db = new();

    protected override ITwinStore CreateStore() => _db.Open();

    public void Dispose() => _db.Dispose();
}

/// <summary>The history contract on PostgreSQL, each test class instance in its own schema; restarts reopen it.
/// Skips without <c>TWINLAB_POSTGRES</c>.</summary>
public sealed class PostgresHistoryTests : HistoryContractTests
{
    private readonly PostgresTestDatabase _db = new();

    protected override ITwinStore CreateStore() => _db.Open();

    protected override bool Durable => true;

    public override void Dispose()
    {
        base.Dispose();
        _db.Dispose();
    }

    [SkippableFact]
    public void History_TwinFilterNonAsciiTarget_FindsRelationship() => AssertTwinFilterFindsNonAsciiTarget();

    [SkippableFact]
    public void DiscardBranch_ThenRestart_NeverReusesSequenceNumbers() => AssertDiscardThenRestartNeverReusesSequenceNumbers();

    [SkippableFact]
    public void Purge_RedactsTheAuditLogsCopiesOfTheId_AndTheChainStillVerifies() =>
        AssertPurgeRedactsTheAuditLog(() => TwinLab.Storage.Postgres.PostgresAuditStore.Open(PostgresTestDatabase.Require(), _db.Schema));
}
