using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// The earlier write that committed the idempotency key a request repeats, as stored: a replay answers what that write
/// answered (the twin or relationship as it left them, the deletion's sequence number), not the state now — the twin may
/// have changed, or been deleted, since.
/// </summary>
/// <param name="key">The repeated key.</param>
/// <param name="events">The earlier write's events.</param>
/// <param name="models">The branch's models, to read the events with.</param>
internal sealed class ReplayedWrite(string key, IReadOnlyList<StoredEvent> events, ModelSet models)
{
    /// <summary>The last change of type <typeparamref name="T"/> the earlier write made that <paramref name="matches"/>, or <c>null</c>.</summary>
    public T? Last<T>(Func<T, bool> matches) where T : GraphChange => Find(matches)?.Change;

    /// <summary>The sequence number of the last change of type <typeparamref name="T"/> that <paramref name="matches"/>, or <c>null</c>.</summary>
    public long? Sequence<T>(Func<T, bool> matches) where T : GraphChange => Find(matches)?.Sequence;

    /// <summary>The refusal of a key reused for another write: nothing is applied, and the caller is told which write holds it.</summary>
    /// <param name="what">What this request does ("write twin 'x'").</param>
    public TwinRejectedException KeyUsedElsewhere(string what) =>
        new(ErrorCodes.InvalidArgument,
            $"Idempotency key '{key}' was already used by {(events.Count > 0 ? $"the write at {events[0].Sequence}-{events[^1].Sequence}" : "an earlier write")}, "
            + $"which did not {what}; this request was not applied. Send a new write with a new key.");

    private (T Change, long Sequence)? Find<T>(Func<T, bool> matches) where T : GraphChange
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var e = events[i];
            if (e.Type == typeof(T).Name && GraphChangeJson.Deserialize(e.Type, e.Payload, models, e.Timestamp) is T change && matches(change))
                return (change, e.Sequence);
        }
        return null;
    }
}
