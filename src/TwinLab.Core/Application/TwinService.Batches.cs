using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Application;

/// <summary>One message of a batched write: the key that makes it exactly-once, and what it does to the graph.</summary>
/// <param name="Key">The message's de-duplication key (unique per message across all writes), or <c>null</c> for none.</param>
/// <param name="Operation">What the message does; must be deterministic (a failing neighbour makes it run again).</param>
public sealed record BatchItem<T>(string? Key, Func<TwinGraph, T> Operation);

/// <summary>What happened to one message of a batch.</summary>
public enum BatchItemStatus
{
    /// <summary>Applied and committed with the batch.</summary>
    Applied,

    /// <summary>Its key was committed before (or repeated earlier in the batch): acknowledged, not applied again.</summary>
    Duplicate,

    /// <summary>Its operation threw: nothing of it was applied; the rest of the batch was.</summary>
    Failed,
}

/// <summary>The outcome of one message of a batch.</summary>
/// <param name="Status">Applied, duplicate or failed.</param>
/// <param name="Value">What the operation returned, when applied.</param>
/// <param name="Error">Why it failed, when failed.</param>
public sealed record BatchItemOutcome<T>(BatchItemStatus Status, T? Value = default, Exception? Error = null);

/// <summary>The outcome of a batched write.</summary>
/// <param name="Items">One outcome per message, in the order given.</param>
/// <param name="FirstSequence">The first event's sequence number.</param>
/// <param name="LastSequence">The last event's sequence number (less than <paramref name="FirstSequence"/> when nothing changed).</param>
public sealed record BatchOutcome<T>(IReadOnlyList<BatchItemOutcome<T>> Items, long FirstSequence, long LastSequence);

public sealed partial class TwinService
{
    /// <summary>
    /// Applies many messages in one transaction, each exactly once: messages whose key was committed before are skipped,
    /// a message whose operation throws is left out (its changes undone) without failing the others, and the keys of the
    /// applied messages are recorded with the write (<see cref="WriteContext.ItemKeys"/>).
    /// </summary>
    /// <remarks>This is how high-rate intake (MQTT, HTTP batches, file ingest) reaches thousands of messages per second: one
    /// commit per batch instead of per message. A failed message costs a replay of the messages before it in the batch,
    /// so operations must be deterministic and cheap; poison messages are expected to be rare.</remarks>
    /// <exception cref="Errors.TwinLabException">Unknown branch; nothing is changed.</exception>
    /// <exception cref="LogMovedException">Another process appended between this write's catch-up and its append
    /// <see cref="WriteAttempts"/> times running; nothing is changed.</exception>
    public BatchOutcome<T> WriteBatch<T>(string branch, WriteContext context, IReadOnlyList<BatchItem<T>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return CaughtUp(() => WriteBatchOnce(branch, context, items));
    }

    /// <summary>One attempt of <see cref="WriteBatch{T}"/>, under the write lock.</summary>
    private BatchOutcome<T> WriteBatchOnce<T>(string branch, WriteContext context, IReadOnlyList<BatchItem<T>> items)
    {
        var state = State(branch);
        var outcomes = new BatchItemOutcome<T>[items.Count];
        if (context.IdempotencyKey is { } whole && _store.FindWrite(whole) is { } seenWhole)
        {
            Array.Fill(outcomes, new BatchItemOutcome<T>(BatchItemStatus.Duplicate));
            return new BatchOutcome<T>(outcomes, seenWhole.FirstSequence, seenWhole.LastSequence);
        }
        MarkCommittedDuplicates(items, outcomes);
        // Keys applied earlier in this batch: a later copy is a duplicate only if the earlier one was applied (a
        // copy after a failed one — a corrected resend — is applied).
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var graph = state.Graph;
        var before = state.Snapshot;
        try
        {
            graph.AdvanceVersionTo(_position);
            for (var i = 0; i < items.Count; i++)
            {
                if (outcomes[i] is not null) continue;
                if (items[i].Key is { } seen && applied.Contains(seen))
                {
                    outcomes[i] = new BatchItemOutcome<T>(BatchItemStatus.Duplicate);
                    continue;
                }
                try
                {
                    outcomes[i] = new BatchItemOutcome<T>(BatchItemStatus.Applied, items[i].Operation(graph));
                    if (items[i].Key is { } key) applied.Add(key);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    outcomes[i] = new BatchItemOutcome<T>(BatchItemStatus.Failed, Error: e);
                    // The graph may hold part of the failed message: start again from the batch's start state and
                    // replay the messages applied so far (deterministic, so they give the same result).
                    graph.Restore(before);
                    graph.AdvanceVersionTo(_position);
                    for (var j = 0; j < i; j++)
                        if (outcomes[j].Status == BatchItemStatus.Applied)
                            outcomes[j] = new BatchItemOutcome<T>(BatchItemStatus.Applied, items[j].Operation(graph));
                }
            }
            var changes = graph.TakeChanges();
            var keys = new List<string>();
            for (var i = 0; i < items.Count; i++)
                if (outcomes[i].Status == BatchItemStatus.Applied && items[i].Key is { } key) keys.Add(key);
            var timestamp = _time.GetUtcNow();
            var appended = Append(branch, changes, graph.Version, context with { ItemKeys = keys }, timestamp);
            state.Snapshot = graph.Snapshot();
            var previous = before;
            before = null;
            MaybeSnapshot(state);
            if (changes.Count > 0 && !appended.Duplicate)
                Notify(new CommittedWrite(branch, context, appended.FirstSequence, timestamp, changes, previous, state.Snapshot));
            return new BatchOutcome<T>(outcomes, appended.FirstSequence, appended.LastSequence);
        }
        catch when (before is not null)
        {
            graph.Restore(before);
            throw;
        }
    }

    private void MarkCommittedDuplicates<T>(IReadOnlyList<BatchItem<T>> items, BatchItemOutcome<T>[] outcomes)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
            if (item.Key is { } key) keys.Add(key);
        if (keys.Count == 0) return;
        var committed = _store.FindWrites(keys);
        for (var i = 0; i < items.Count; i++)
            if (items[i].Key is { } key && committed.Contains(key))
                outcomes[i] = new BatchItemOutcome<T>(BatchItemStatus.Duplicate);
    }
}
