using TwinLab.Core.Twins;

namespace TwinLab.Core.History;

/// <summary>One entry of the append-only event log: a change with its place in history.</summary>
/// <param name="Sequence">Global sequence number, unique and increasing across all branches.</param>
/// <param name="Timestamp">When the write was committed.</param>
/// <param name="Actor">Who made the write (a user, a service, <c>cli</c>).</param>
/// <param name="Branch">The branch written (<see cref="BranchInfo.Main"/> for the live twin).</param>
/// <param name="IdempotencyKey">The key the write carried, on every event of that write, or <c>null</c>.</param>
/// <param name="Change">What changed.</param>
public sealed record GraphEvent(long Sequence, DateTimeOffset Timestamp, string Actor, string Branch, string? IdempotencyKey, GraphChange Change);

/// <summary>Who is writing and, for retried deliveries, the key that makes the write exactly-once.</summary>
/// <param name="Actor">Recorded on every event of the write.</param>
/// <param name="IdempotencyKey">A write whose key was already committed is acknowledged and not applied again.</param>
public sealed record WriteContext(string Actor = "cli", string? IdempotencyKey = null)
{
    /// <summary>The default context: actor <c>cli</c>, no key.</summary>
    public static readonly WriteContext Default = new();

    /// <summary>
    /// The keys of the messages a batched write applied (see <see cref="Application.TwinService.WriteBatch{T}"/>): each is
    /// recorded with the write, in the same transaction, like <see cref="IdempotencyKey"/>, so a message delivered again
    /// (an MQTT redelivery after a crash, a retried HTTP batch) is recognised and not applied twice.
    /// </summary>
    public IReadOnlyList<string>? ItemKeys { get; init; }
}

/// <summary>A branch of the twin graph: a copy-on-write fork of its parent at a sequence number.</summary>
/// <param name="Name">The branch name.</param>
/// <param name="Parent">The branch it was forked from; <c>null</c> only for <see cref="Main"/>.</param>
/// <param name="ForkSequence">The parent's state at this sequence number is the branch's starting state.</param>
/// <param name="Created">When the branch was created.</param>
public sealed record BranchInfo(string Name, string? Parent, long ForkSequence, DateTimeOffset Created)
{
    /// <summary>
    /// After a merge, the parent's and the branch's sequence numbers at that merge: the next merge compares each side
    /// with its own state then, instead of with the fork. <c>null</c> until the first merge.
    /// </summary>
    public MergePoint? LastMerge { get; init; }

    /// <summary>The live twin's branch.</summary>
    public const string Main = "main";
}

/// <summary>Where a merge left a branch and its parent.</summary>
/// <param name="ParentSequence">The parent's last sequence number after the merge's events.</param>
/// <param name="BranchSequence">The last sequence number of the branch the merge included.</param>
public sealed record MergePoint(long ParentSequence, long BranchSequence);

/// <summary>Which events to read from the log.</summary>
/// <param name="Branch">Only this branch's events, or all when <c>null</c>.</param>
/// <param name="TwinId">Only events that touch this twin (its state, its relationships, its telemetry).</param>
/// <param name="AfterSequence">Only events with a greater sequence number.</param>
/// <param name="UpToSequence">Only events with this sequence number or less.</param>
/// <param name="Since">Only events at or after this time.</param>
/// <param name="Limit">At most this many events (the first ones).</param>
/// <param name="Types">Only events of these types (e.g. <c>ModelsImported</c>), or all when <c>null</c>.</param>
public sealed record EventFilter(string? Branch = null, string? TwinId = null, long AfterSequence = 0, long UpToSequence = long.MaxValue,
    DateTimeOffset? Since = null, int Limit = int.MaxValue, IReadOnlyCollection<string>? Types = null)
{
    /// <summary>The event types that change models.</summary>
    public static readonly IReadOnlyCollection<string> ModelTypes = ["ModelsImported", "ModelDeleted", "ModelDecommissioned"];
}
