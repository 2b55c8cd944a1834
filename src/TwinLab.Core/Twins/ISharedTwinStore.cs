using TwinLab.Core.History;

namespace TwinLab.Core.Twins;

/// <summary>
/// A store several processes append to at once (PostgreSQL under a cluster). Its <see cref="ITwinStore.LastSequence"/> is
/// only this process's view, so a graph advanced to it may give a change a number another process has already used;
/// <see cref="AppendAfterLast"/> runs the write where the true last number is known.
/// </summary>
public interface ISharedTwinStore : ITwinStore
{
    /// <summary>
    /// Takes the store's append lock, runs <paramref name="write"/> with the log's true last sequence number, and appends
    /// the changes it returns in the same transaction: they get that number + 1, + 2, …, so a graph advanced to it gives
    /// each change the ETag of the event that records it, as <see cref="Application.TwinService"/> does in one process.
    /// </summary>
    /// <param name="branch">The branch written.</param>
    /// <param name="write">Given the last sequence number, makes the write; returns its changes and the branch graph's
    /// version after them. If it throws, nothing is appended and the lock is released.</param>
    /// <param name="context">Actor and idempotency key.</param>
    /// <param name="timestamp">The commit time recorded on the events.</param>
    /// <returns>As <see cref="ITwinStore.Append"/>; no changes append nothing (the numbers are then last + 1, last).</returns>
    /// <remarks>The lock is held while <paramref name="write"/> runs: keep it to in-memory work.</remarks>
    AppendResult AppendAfterLast(string branch, Func<long, StagedWrite> write, WriteContext context, DateTimeOffset timestamp);
}

/// <summary>A write made under a shared store's append lock (<see cref="ISharedTwinStore.AppendAfterLast"/>).</summary>
/// <param name="Changes">The changes, in the order they were made.</param>
/// <param name="Version">The branch graph's <see cref="GraphSnapshot.Version"/> after them.</param>
public sealed record StagedWrite(IReadOnlyList<GraphChange> Changes, long Version);
