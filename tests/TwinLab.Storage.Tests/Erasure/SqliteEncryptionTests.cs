using Microsoft.Data.Sqlite;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Storage.Encryption;
using TwinLab.Storage.Sqlite;
using TwinLab.Storage.Tests.History;
using static TwinLab.Storage.Tests.History.Clinic;
using static TwinLab.Storage.Tests.Erasure.SqlitePurgeBytesTests;

namespace TwinLab.Storage.Tests.Erasure;

/// <summary>Encryption at rest of sensitive twins (the Patient model) in SQLite: no plaintext in the file, reads unchanged,
/// master key rotation, wrong keys refused, and crypto-shredding of backups taken before a purge.</summary>
public sealed class SqliteEncryptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-encryption-").FullName;
    private readonly MasterKey _key = MasterKey.Generate("the test key");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Db => Path.Combine(_dir, "clinic.db");

    /// <summary>Patients' names, a property value and telemetry values that must never be stored in plaintext.</summary>
    private static readonly string[] Secrets = ["Ada Lovelace", "Bob Dylan", "71.2587", "88.4321", "oncology-ada"];

    /// <summary>Encrypts patients, writes them with telemetry, a branch and snapshots; returns main's state.</summary>
    private GraphSnapshot WriteClinic()
    {
        var clock = Clinic.Clock();
        using (var store = SqliteTwinStore.Open(Db, _key)) store.EnableEncryption(_key, [Patient]);
        using var s = new TwinService(SqliteTwinStore.Open(Db, _key), clock) { SnapshotInterval = 4 };
        Seed(s, clock);
        for (var i = 0; i < 6; i++)
            s.Do(clock, BranchInfo.Main, g => g.AppendTelemetry("p-ada", null, Vitals(71.2587 + i * 17.1734), Start.AddMinutes(i)), "monitor-7");
        s.Do(clock, BranchInfo.Main, g => g.UpdateTwin("p-ada", Set("/ward", "\"oncology-ada\"")), "nurse-joy");
        s.CreateBranch("plan");
        s.Do(clock, "plan", g => g.UpdateTwin("p-bob", Set("/systolic", "119")), "planner");
        s.WaitForSnapshot();
        s.Store.SaveDocument(new StoredDocument("health-profile", "ada", clock.GetUtcNow(), "Ada Lovelace: 6 readings", """{"name":"Ada Lovelace","ward":"oncology-ada"}"""));
        return s.Snapshot;
    }

    [Fact]
    public void SensitiveTwins_AreStoredEncrypted_AndReadBackUnchanged()
    {
        var expected = WriteClinic();

        foreach (var secret in Secrets)
            Assert.False(Contains(Db, secret) || Contains(Db + "-wal", secret), $"'{secret}' is stored in plaintext");
        Assert.True(Contains(Db, "Gregory House"), "a clinician is not sensitive: stored as is (else the scan proves nothing)");
        using var s = new TwinService(SqliteTwinStore.Open(Db, _key), Clinic.Clock());
        AssertSameState(expected, s.Snapshot, "reopened");
        var asOf = s.SnapshotOf(BranchInfo.Main, 5);
        Assert.Equal("\"cardiology\"", asOf.Prop("p-ada", "ward"));
        Assert.Equal("119", s.SnapshotOf("plan").Prop("p-bob", "systolic"));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => 71.2587 + i * 17.1734),
            s.ReadTelemetry("p-ada", "heartRate", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(p => p.Value.GetDouble()));
        Assert.Contains(s.History(new EventFilter(TwinId: "p-ada")), e => e.Payload.Contains("Ada Lovelace", StringComparison.Ordinal));
        Assert.Equal("Ada Lovelace: 6 readings", Assert.Single(s.Store.ListDocuments("health-profile")).Title);
        Assert.Contains("oncology-ada", s.Store.LoadDocument("health-profile", "ada")!.Json, StringComparison.Ordinal);
        var status = ((SqliteTwinStore)s.Store).Encryption!;
        Assert.Equal([Patient], status.Models);
        Assert.Equal(2, status.Twins);
        Assert.Equal(_key.Id, status.MasterKeyId);
    }

    [Fact]
    public void WrongOrMissingKey_IsRefusedNamingItsSource_AndCorruptsNothing()
    {
        var expected = WriteClinic();
        var wrong = MasterKey.Generate("key file 'old.key'");

        var error = Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(Db, wrong));
        Assert.Contains("key file 'old.key'", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not the one that wrapped the keys", error.Message, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is null)
        {
            var missing = Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(Db));
            Assert.Contains("encrypted at rest", missing.Message, StringComparison.Ordinal);
            Assert.Contains(MasterKey.EnvironmentVariable, missing.Message, StringComparison.Ordinal);
        }
        var notBase64 = Assert.Throws<TwinLabException>(() => MasterKey.Parse("not a key!", "key file 'x.key'"));
        Assert.Contains("key file 'x.key'", notBase64.Message, StringComparison.Ordinal);
        var keys = TwinKeyStore.PathFor(Db);
        File.Move(keys, keys + ".away");
        Assert.Contains("is missing", Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(Db, _key)).Message, StringComparison.Ordinal);
        File.Move(keys + ".away", keys);

        using var s = new TwinService(SqliteTwinStore.Open(Db, _key), Clinic.Clock());
        AssertSameState(expected, s.Snapshot, "after the refused opens");
    }

    [Fact]
    public void Rotation_RewrapsTheDataKeys_TheOldKeyNoLongerOpens_TheDataIsUntouched()
    {
        var expected = WriteClinic();
        var dbBytes = File.ReadAllBytes(Db);
        var next = MasterKey.Generate("key file 'new.key'");

        using (var store = SqliteTwinStore.Open(Db, _key)) Assert.Equal(3, store.RotateMasterKey(next)); // two patients and the documents

        Assert.Equal(dbBytes, File.ReadAllBytes(Db));
        Assert.Throws<TwinLabException>(() => SqliteTwinStore.Open(Db, _key));
        using var s = new TwinService(SqliteTwinStore.Open(Db, next), Clinic.Clock());
        AssertSameState(expected, s.Snapshot, "under the new key");
        Assert.Equal(6, s.ReadTelemetry("p-ada", "heartRate", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        Assert.NotNull(s.Store.LoadDocument("health-profile", "ada"));
    }

    [Fact]
    public void Purge_ShredsTheDataKey_SoABackupTakenBeforeCannotBeDecryptedForThatTwin()
    {
        WriteClinic();
        var backup = Path.Combine(_dir, "backup.db");
        File.Copy(Db, backup);
        File.Copy(TwinKeyStore.PathFor(Db), TwinKeyStore.PathFor(backup));
        // The backup's own key store copy opens it: it is a real backup.
        using (var old = new TwinService(SqliteTwinStore.Open(backup, _key), Clinic.Clock()))
            Assert.Equal("\"Ada Lovelace\"", old.Snapshot.Prop("p-ada", "name"));

        using (var s = new TwinService(SqliteTwinStore.Open(Db, _key), Clinic.Clock()))
        {
            s.Purge(["p-ada"], actor: "dpo");
            Assert.Equal(1, ((SqliteTwinStore)s.Store).Encryption!.Twins);
        }

        // The backup with the key store as it is now (the only one a deployment keeps): p-ada's records stay sealed.
        File.Copy(TwinKeyStore.PathFor(Db), TwinKeyStore.PathFor(backup), overwrite: true);
        var shredded = Assert.Throws<TwinLabException>(() => new TwinService(SqliteTwinStore.Open(backup, _key), Clinic.Clock()));
        Assert.Contains("crypto-shredded", shredded.Message, StringComparison.Ordinal);
        Assert.Contains("p-ada", shredded.Message, StringComparison.Ordinal);
        using var store = SqliteTwinStore.Open(backup, _key);
        Assert.Throws<TwinLabException>(() => store.ReadTelemetry("p-ada", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Contains(store.ReadEvents(new EventFilter(TwinId: "p-bob")), e => e.Payload.Contains("Bob Dylan", StringComparison.Ordinal));
    }
}
