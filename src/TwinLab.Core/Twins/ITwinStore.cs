using TwinLab.Core.Erasure;
using TwinLab.Core.History;

namespace TwinLab.Core.Twins;

/// <summary>Durable storage of a twin graph: an append-only event log, the live (main) state, branches and snapshots.</summary>
/// <remarks>
/// The graph itself (validation, ETags, relationship rules) lives in <see cref="TwinGraph"/>; a store persists the changes it
/// produces as events with global sequence numbers and gives them back. <see cref="Append"/> is atomic: all events of a
/// write or none. Main's current state is also kept materialized, so start-up reads it directly instead of replaying;
/// other states (a branch, main as of an earlier point) are folds of a snapshot and the events after it.
/// Implementations: in-memory (tests, benchmarks) and SQLite (the embedded default, in TwinLab.Storage).
/// </remarks>
public interface ITwinStore : IDisposable
{
    /// <summary>Loads main's current models, twins and relationships.</summary>
    GraphSnapshot Load();

    /// <summary>The sequence number of the last event appended (0 when the log is empty).</summary>
    long LastSequence { get; }

    /// <summary>Appends the events of one write in one transaction.</summary>
    /// <param name="branch">The branch written.</param>
    /// <param name="changes">The changes, in the order they were made: one event each.</param>
    /// <param name="version">The branch graph's <see cref="GraphSnapshot.Version"/> after the changes.</param>
    /// <param name="context">Actor and idempotency key.</param>
    /// <param name="timestamp">The commit time recorded on the events.</param>
    /// <returns>The sequence numbers given; if the idempotency key was already committed, nothing is written and the
    /// original write's numbers are returned with <see cref="AppendResult.Duplicate"/> set.</returns>
    AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp);

    /// <summary>
    /// Where the log ends now and a stamp of the branch registry, read from storage: unlike <see cref="LastSequence"/>
    /// (this instance's view), it shows what other processes sharing the store have written. One cheap read, so a
    /// follower can poll it.
    /// </summary>
    LogHead ReadHead() => new(LastSequence, BranchStamp(LoadBranches()));

    /// <summary>
    /// Appends the events of one write as <see cref="Append"/> does, but only if the log still ends at
    /// <paramref name="expectedLastSequence"/>, checked atomically with the append.
    /// </summary>
    /// <remarks>What a writer that computed its changes on a state folded up to <paramref name="expectedLastSequence"/>
    /// (<see cref="Application.TwinService"/>) needs when other processes may append to the same store. The default
    /// checks, then appends, which is atomic only for a store no other process writes; durable stores check inside the
    /// append's transaction.
    /// <para>The position is checked before the idempotency key: a key another process committed after the writer's
    /// catch-up moved the log, so the writer hears <see cref="LogMovedException"/>, catches up (folding and publishing
    /// that write once) and then finds its key committed. Answering "duplicate" first would leave the writer holding
    /// changes it never stored.</para></remarks>
    /// <exception cref="LogMovedException">The log has moved on; nothing was written.</exception>
    AppendResult AppendAfter(long expectedLastSequence, string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        var actual = ReadHead().LastSequence;
        if (actual != expectedLastSequence) throw new LogMovedException(expectedLastSequence, actual);
        return Append(branch, changes, version, context, timestamp);
    }

    /// <summary>A branch registry stamp (<see cref="LogHead.Branches"/>) computed from the branches themselves, for
    /// stores that hold them in memory.</summary>
    static string BranchStamp(IEnumerable<BranchInfo> branches) =>
        string.Join(';', branches.OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => $"{b.Name},{b.Parent},{b.ForkSequence},{b.Created.UtcTicks},{b.LastMerge?.ParentSequence},{b.LastMerge?.BranchSequence}"));

    /// <summary>Appends changes to main with the default context (actor <c>cli</c>, no key), now.</summary>
    void Commit(IReadOnlyList<GraphChange> changes, long version) =>
        Append(BranchInfo.Main, changes, version, WriteContext.Default, TimeProvider.System.GetUtcNow());

    /// <summary>The write that carried <paramref name="idempotencyKey"/>, or <c>null</c>.</summary>
    WriteRecord? FindWrite(string idempotencyKey);

    /// <summary>Which of <paramref name="keys"/> a committed write carried, as its idempotency key or one of its
    /// <see cref="WriteContext.ItemKeys"/>.</summary>
    IReadOnlySet<string> FindWrites(IReadOnlyCollection<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
            if (FindWrite(key) is not null) seen.Add(key);
        return seen;
    }

    /// <summary>Events matching the filter, in sequence order.</summary>
    IReadOnlyList<StoredEvent> ReadEvents(EventFilter filter);

    /// <summary>The last sequence number committed at or before <paramref name="time"/> (0 if none).</summary>
    long SequenceAt(DateTimeOffset time);

    /// <summary>Every branch except main.</summary>
    IReadOnlyList<BranchInfo> LoadBranches();

    /// <summary>Records a new branch, or updates one (its last merge point).</summary>
    void SaveBranch(BranchInfo branch);

    /// <summary>Deletes a branch with its events, telemetry and snapshots.</summary>
    void DeleteBranch(string name);

    /// <summary>Stores a snapshot of a branch's twins and relationships as of <paramref name="sequence"/>.</summary>
    void SaveSnapshot(string branch, long sequence, GraphSnapshot snapshot);

    /// <summary>The latest snapshot of a branch taken at or before <paramref name="atOrBefore"/>, or <c>null</c>.</summary>
    StoredSnapshot? LoadSnapshot(string branch, long atOrBefore);

    /// <summary>Reads telemetry of a twin in [<paramref name="from"/>, <paramref name="to"/>), ordered by time, from each
    /// branch of <paramref name="lineage"/> up to its sequence number (a branch sees its parent's points up to the fork).</summary>
    IReadOnlyList<TelemetryPoint> ReadTelemetry(IReadOnlyList<TelemetrySource> lineage, string twinId, string? name, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Reads main's telemetry of a twin in [<paramref name="from"/>, <paramref name="to"/>), ordered by time.</summary>
    IReadOnlyList<TelemetryPoint> ReadTelemetry(string twinId, string? name, DateTimeOffset from, DateTimeOffset to) =>
        ReadTelemetry([new TelemetrySource(BranchInfo.Main, long.MaxValue)], twinId, name, from, to);

    /// <summary>
    /// Saves a document kept beside the twin graph (an experiment's results, a calibration): stored and listed by kind
    /// and id, not versioned and not branched. Saving an existing id replaces it.
    /// </summary>
    void SaveDocument(StoredDocument document);

    /// <summary>A saved document, or <c>null</c>.</summary>
    StoredDocument? LoadDocument(string kind, string id);

    /// <summary>The saved documents of a kind, newest first, without their bodies (<see cref="StoredDocument.Json"/> is empty).</summary>
    IReadOnlyList<StoredDocument> ListDocuments(string kind);

    /// <summary>Deletes a saved document; returns whether it existed.</summary>
    bool DeleteDocument(string kind, string id);

    /// <summary>
    /// Erases every trace of the twins of <paramref name="scope"/> on every branch, in one transaction: each event that
    /// touches them becomes a <see cref="ContentErased"/> tombstone (keeping its sequence number, so other twins' history
    /// still folds), or, for a telemetry event that also appended points to other twins, loses only their points; their
    /// telemetry, index rows and the idempotency keys that name them are deleted, stored snapshots are rewritten without
    /// them and their relationships, and the documents <see cref="PurgeScope.NamesDocument"/> picks are deleted.
    /// </summary>
    /// <remarks>Does not append the purge's own record (<see cref="TwinsPurged"/>): the service does, after this returns.
    /// A durable store then also overwrites the space the erased data held where its engine allows it
    /// (<see cref="PurgeReport.Compacted"/>).</remarks>
    /// <exception cref="NotSupportedException">The store cannot purge (a test double).</exception>
    PurgeReport Purge(PurgeScope scope) => throw new NotSupportedException($"{GetType().Name} cannot purge twins.");
}

/// <summary>What <see cref="ITwinStore.Append"/> did.</summary>
/// <param name="FirstSequence">The first event's sequence number (of the original write, for a duplicate).</param>
/// <param name="LastSequence">The last event's sequence number.</param>
/// <param name="Duplicate">The idempotency key had been committed before; nothing was written.</param>
public sealed record AppendResult(long FirstSequence, long LastSequence, bool Duplicate);

/// <summary>A committed write that carried an idempotency key.</summary>
public sealed record WriteRecord(long FirstSequence, long LastSequence);

/// <summary>A branch and the range of its sequence numbers a read may see: (<paramref name="AfterSequence"/>, <paramref name="UpToSequence"/>].</summary>
public sealed record TelemetrySource(string Branch, long UpToSequence, long AfterSequence = 0);

/// <summary>An event as stored: its payload is the <see cref="GraphChangeJson"/> form.</summary>
public sealed record StoredEvent(long Sequence, DateTimeOffset Timestamp, string Actor, string Branch, string? IdempotencyKey, string Type, string? TwinId, string Payload);

/// <summary>A stored snapshot's twins and relationships (models are rebuilt from the model events).</summary>
public sealed record StoredSnapshot(long Sequence, long Version, IReadOnlyList<Twin> Twins, IReadOnlyList<Relationship> Relationships);

/// <summary>A document saved beside the twin graph.</summary>
/// <param name="Kind">What it is (<c>experiment</c>, …).</param>
/// <param name="Id">Its id within the kind.</param>
/// <param name="Created">When it was saved.</param>
/// <param name="Title">One line for listings.</param>
/// <param name="Json">The document.</param>
public sealed record StoredDocument(string Kind, string Id, DateTimeOffset Created, string Title, string Json);
