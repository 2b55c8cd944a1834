using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Tests.Ingest;

/// <summary>
/// A store that passes everything to another, except that appends can be held (until released) or made to fail, and
/// every append is noted: for backpressure, retry and acknowledge-after-commit tests.
/// </summary>
internal sealed class GatedStore(ITwinStore inner) : ITwinStore
{
    private readonly ManualResetEventSlim _open = new(true);
    private int _failures;
    private int _appends;

    /// <summary>Appends wait until <see cref="Release"/>.</summary>
    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    /// <summary>The next <paramref name="count"/> appends throw, as a full disk would.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failures, count);

    /// <summary>Appends that reached the store (failed ones included).</summary>
    public int Appends => Volatile.Read(ref _appends);

    /// <summary>Appends waiting at the gate.</summary>
    public int Waiting;

    public AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        Interlocked.Increment(ref _appends);
        Interlocked.Increment(ref Waiting);
        try
        {
            if (!_open.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("The test never released the store.");
        }
        finally
        {
            Interlocked.Decrement(ref Waiting);
        }
        if (Interlocked.Decrement(ref _failures) >= 0) throw new IOException("disk full (simulated)");
        Interlocked.Exchange(ref _failures, 0);
        return inner.Append(branch, changes, version, context, timestamp);
    }

    public GraphSnapshot Load() => inner.Load();
    public long LastSequence => inner.LastSequence;
    public WriteRecord? FindWrite(string idempotencyKey) => inner.FindWrite(idempotencyKey);
    public IReadOnlySet<string> FindWrites(IReadOnlyCollection<string> keys) => inner.FindWrites(keys);
    public IReadOnlyList<StoredEvent> ReadEvents(EventFilter filter) => inner.ReadEvents(filter);
    public long SequenceAt(DateTimeOffset time) => inner.SequenceAt(time);
    public IReadOnlyList<BranchInfo> LoadBranches() => inner.LoadBranches();
    public void SaveBranch(BranchInfo branch) => inner.SaveBranch(branch);
    public void DeleteBranch(string name) => inner.DeleteBranch(name);
    public void SaveSnapshot(string branch, long sequence, GraphSnapshot snapshot) => inner.SaveSnapshot(branch, sequence, snapshot);
    public StoredSnapshot? LoadSnapshot(string branch, long atOrBefore) => inner.LoadSnapshot(branch, atOrBefore);
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(IReadOnlyList<TelemetrySource> lineage, string twinId, string? name, DateTimeOffset from, DateTimeOffset to) =>
        inner.ReadTelemetry(lineage, twinId, name, from, to);
    public void SaveDocument(StoredDocument document) => inner.SaveDocument(document);
    public StoredDocument? LoadDocument(string kind, string id) => inner.LoadDocument(kind, id);
    public IReadOnlyList<StoredDocument> ListDocuments(string kind) => inner.ListDocuments(kind);
    public bool DeleteDocument(string kind, string id) => inner.DeleteDocument(kind, id);

    public void Dispose()
    {
        _open.Set();
        inner.Dispose();
    }
}
