using System.Security.Cryptography;
using System.Text;
using TwinLab.Core.Audit;

namespace TwinLab.Storage.Tests.Audit;

/// <summary>What every audit store must do: the chain verifies, appends from several connections keep one chain, filters
/// work, and every kind of tampering with the stored rows is found and named. Derived per store.</summary>
public abstract class AuditStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A new connection to the one log of this test (several may be open at once).</summary>
    protected abstract IAuditStore Open();

    /// <summary>Runs SQL on the store's database directly, as someone with access to it would (table <c>audit</c>).</summary>
    protected abstract void Execute(string sql);

    /// <summary>SQL that drops the append-only triggers.</summary>
    protected abstract string DropTriggers { get; }

    private static AuditEntry Entry(int i, string actor = "api:key:alice", string action = AuditActions.Write) => new(
        T0.AddMinutes(i), actor, AuditAuthKinds.ApiKey, $"10.0.0.{i % 250}:5{i:0000}", action, $"twin:room-{i}", "200",
        Convert.ToHexStringLower(BitConverter.GetBytes((long)i)), $"PATCH /digitaltwins/room-{i}");

    private IAuditStore Filled(int count)
    {
        var store = Open();
        store.Append([.. Enumerable.Range(1, count).Select(i => Entry(i))]);
        return store;
    }

    /// <summary>Changes the stored rows with the append-only triggers dropped first.</summary>
    private void Tamper(string sql) => Execute(DropTriggers + sql);

    [SkippableFact]
    public void Append_ChainsRecords_AndTheChainVerifies()
    {
        using var store = Filled(10);
        var records = store.ReadChain(0, 100);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(AuditChain.Genesis, records[0].PreviousHash);
        for (var i = 1; i < records.Count; i++) Assert.Equal(records[i - 1].Hash, records[i].PreviousHash);
        var check = AuditChain.Verify(store);
        Assert.True(check.Intact, check.Problem);
        Assert.Equal(10, check.Count);
        Assert.Equal(records[^1].Hash, check.HeadHash);
    }

    [SkippableFact]
    public void Hash_FollowsTheDocumentedCanonicalForm()
    {
        using var store = Filled(2);
        var r = store.ReadChain(1, 1).Single();
        // Written from the documentation, independently of AuditChain: an outsider's verifier.
        static string Sha(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        var form = "twinlab-audit/1\n2\n" + string.Concat(new[] { r.Time, r.Actor, r.AuthKind, r.Address, r.Action, r.Resource, r.Outcome, r.Correlation, r.Detail }
            .Select(f => Sha(f) + "\n")) + r.PreviousHash;
        Assert.Equal(Sha(form), r.Hash);
        Assert.Equal("2026-03-01T08:02:00.0000000Z", r.Time);
    }

    [SkippableFact]
    public void UpdateAndDelete_AreRefusedByTheTable()
    {
        using var store = Filled(3);
        Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => Execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2;")).Message);
        Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => Execute("DELETE FROM audit WHERE seq = 2;")).Message);
        Assert.True(AuditChain.Verify(store).Intact);
    }

    [SkippableTheory]
    [InlineData("actor", "'api:key:mallory'")]
    [InlineData("outcome", "'403'")]
    [InlineData("ts", "'2026-03-01T09:00:00.0000000Z'")]
    [InlineData("resource", "''")]
    [InlineData("detail", "42")]
    public void EditedField_IsFound_AtItsSequence(string column, string value)
    {
        using var store = Filled(20);
        Tamper($"UPDATE audit SET {column} = {value} WHERE seq = 7;");
        var check = AuditChain.Verify(store);
        Assert.False(check.Intact);
        Assert.Equal(7, check.FirstBadSequence);
        Assert.Equal(6, check.Count);
        Assert.Contains("edited", check.Problem);
    }

    [SkippableFact]
    public void EditedRecordWithItsHashRecomputed_IsFoundAtTheNextRecord()
    {
        using var store = Filled(20);
        var forged = AuditChain.Link(7, Entry(7, actor: "api:key:mallory"), store.ReadChain(5, 1).Single().Hash);
        Tamper($"UPDATE audit SET actor = '{forged.Actor}', hash = '{forged.Hash}' WHERE seq = 7;");
        var check = AuditChain.Verify(store);
        Assert.Equal(8, check.FirstBadSequence);
        Assert.Contains("previous hash", check.Problem);
    }

    [SkippableFact]
    public void DeletedRecord_IsFound()
    {
        using var store = Filled(20);
        Tamper("DELETE FROM audit WHERE seq = 12;");
        var check = AuditChain.Verify(store);
        Assert.Equal(12, check.FirstBadSequence);
        Assert.Contains("record 12 is missing", check.Problem);
    }

    [SkippableFact]
    public void SwappedRecords_AreFound()
    {
        using var store = Filled(20);
        Tamper("UPDATE audit SET seq = -1 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = -1;");
        var check = AuditChain.Verify(store);
        Assert.False(check.Intact);
        Assert.Equal(4, check.FirstBadSequence);
    }

    [SkippableFact]
    public void InsertedRecord_IsFound()
    {
        using var store = Filled(20);
        // A forged record slipped in after 9, correctly chained to it, the later records renumbered to make room.
        var forged = AuditChain.Link(10, Entry(99, actor: "api:key:mallory"), store.ReadChain(8, 1).Single().Hash);
        Tamper($"""
            UPDATE audit SET seq = -seq WHERE seq >= 10;
            UPDATE audit SET seq = 1 - seq WHERE seq < 0;
            INSERT INTO audit VALUES (10, '{forged.Time}', '{forged.Actor}', '{forged.AuthKind}', '{forged.Address}', '{forged.Action}',
                '{forged.Resource}', '{forged.Outcome}', '{forged.Correlation}', '{forged.Detail}', '{forged.PreviousHash}x', '{forged.Hash}');
            """);
        Assert.Equal(21, store.ReadChain(0, 100).Count);
        var check = AuditChain.Verify(store);
        Assert.False(check.Intact);
        Assert.Equal(10, check.FirstBadSequence);
    }

    [SkippableFact]
    public void TruncatedLog_IsFoundOnlyWithAnAnchor()
    {
        using var store = Filled(20);
        var anchor = AuditChain.Verify(store);
        Tamper("DELETE FROM audit WHERE seq > 17;");
        Assert.True(AuditChain.Verify(store).Intact);
        var check = AuditChain.Verify(store, (anchor.Count, anchor.HeadHash));
        Assert.False(check.Intact);
        Assert.Equal(18, check.FirstBadSequence);
        Assert.Contains("deleted from its end", check.Problem);
    }

    [SkippableFact]
    public void RewrittenLog_DoesNotMatchItsAnchor()
    {
        using var store = Filled(5);
        var anchor = AuditChain.Verify(store);
        // Rebuilt from scratch with one record changed: a valid chain, but not the one that was anchored.
        Tamper("DELETE FROM audit;");
        store.Append([Entry(1), Entry(2, actor: "api:key:mallory"), Entry(3), Entry(4), Entry(5)]);
        Assert.True(AuditChain.Verify(store).Intact);
        var check = AuditChain.Verify(store, (anchor.Count, anchor.HeadHash));
        Assert.Equal(5, check.FirstBadSequence);
        Assert.Contains("anchor", check.Problem);
    }

    [SkippableFact]
    public void RedactedField_KeepsTheChainIntact_ButAnyOtherChangeDoesNot()
    {
        using var store = Filled(5);
        var r = store.ReadChain(2, 1).Single();
        Tamper($"UPDATE audit SET resource = '{AuditChain.Redacted(r.Resource)}' WHERE seq = 3;");
        Assert.True(AuditChain.Verify(store).Intact);
        Assert.DoesNotContain("room-3", store.ReadChain(2, 1).Single().Resource);
        Tamper($"UPDATE audit SET actor = '{AuditChain.Redacted("someone else")}' WHERE seq = 3;");
        Assert.Equal(3, AuditChain.Verify(store).FirstBadSequence);
    }

    [SkippableFact]
    public void Redact_ErasesEveryFieldHoldingTheText_AndTheChainStillVerifies()
    {
        using var store = Open();
        store.Append([Entry(1), Entry(2) with { Resource = "twin:patient-maria", Detail = "GET /digitaltwins/patient-maria" }, Entry(3),
            Entry(4) with { Detail = "twinlab twins purge patient-maria" }]);
        var before = store.ReadChain(0, 10);
        Assert.Equal(3, store.Redact("patient-maria"));
        var after = store.ReadChain(0, 10);
        Assert.DoesNotContain(after, r => r.Fields.Any(f => f.Contains("patient-maria", StringComparison.Ordinal)));
        Assert.Equal(AuditChain.Redacted("twin:patient-maria"), after[1].Resource);
        Assert.Equal(before[1].Actor, after[1].Actor);
        Assert.Equal(before.Select(r => r.Hash), after.Select(r => r.Hash));
        Assert.True(AuditChain.Verify(store).Intact);
        Assert.Equal(0, store.Redact("patient-maria"));
        // The table is append-only again afterwards.
        Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => Execute("UPDATE audit SET actor = 'x' WHERE seq = 1;")).Message);
        store.Append([Entry(5)]);
        Assert.True(AuditChain.Verify(store).Intact);
    }

    [SkippableFact]
    public void ConcurrentAppends_FromSeparateConnections_KeepOneChain()
    {
        using (Open()) { }
        const int Writers = 4, Batches = 25, PerBatch = 8;
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            using var own = Open();
            for (var b = 0; b < Batches; b++)
                own.Append([.. Enumerable.Range(0, PerBatch).Select(i => Entry(i, actor: $"writer-{w}"))]);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        using var store = Open();
        var check = AuditChain.Verify(store);
        Assert.True(check.Intact, check.Problem);
        Assert.Equal(Writers * Batches * PerBatch, check.Count);
        // A batch is one transaction: its records are consecutive.
        var chain = store.ReadChain(0, 10_000);
        for (var i = 0; i < chain.Count; i += PerBatch)
            Assert.Single(chain.Skip(i).Take(PerBatch).Select(r => r.Actor).Distinct());
    }

    [SkippableFact]
    public void Query_FiltersAndPagesNewestFirst()
    {
        using var store = Open();
        store.Append([.. Enumerable.Range(1, 30).Select(i => Entry(i, actor: i % 3 == 0 ? "api:key:bob" : "api:key:alice",
            action: i % 5 == 0 ? AuditActions.Export : AuditActions.Write))]);
        var bob = store.Query(new AuditFilter(Actor: "api:key:bob", Limit: 100));
        Assert.Equal([30L, 27, 24, 21, 18, 15, 12, 9, 6, 3], bob.Select(r => r.Sequence));
        Assert.Equal([30L, 25, 20], store.Query(new AuditFilter(Action: AuditActions.Export, BeforeSequence: 31, Limit: 3)).Select(r => r.Sequence));
        Assert.Equal([15L, 10, 5], store.Query(new AuditFilter(Action: AuditActions.Export, BeforeSequence: 20, Limit: 3)).Select(r => r.Sequence));
        Assert.Equal([12L, 11, 10], store.Query(new AuditFilter(Since: T0.AddMinutes(10), Until: T0.AddMinutes(13))).Select(r => r.Sequence));
        Assert.Equal([1L], store.Query(new AuditFilter(Resource: "twin:room-1", Until: T0.AddMinutes(2))).Select(r => r.Sequence));
        Assert.Equal(11, store.Query(new AuditFilter(Resource: "twin:room-1")).Count); // room-1, room-10 … room-19
        Assert.Empty(store.Query(new AuditFilter(Resource: "twin:room-1%")));
    }
}
