using System.Text;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Connections;

/// <summary>What replaying a dead letter did.</summary>
/// <param name="LetterId">The dead letter replayed.</param>
/// <param name="Status">Applied or duplicate (the letter is deleted), or dead-lettered again (it is kept, with the new reason).</param>
/// <param name="Reason">Why it failed again, or <c>null</c>.</param>
public sealed record ReplayOutcome(string LetterId, IngestStatus Status, string? Reason);

/// <summary>Re-submits a dead letter's payload through the ingest pipeline, as its source would have delivered it.</summary>
public static class DeadLetterReplay
{
    /// <summary>The error code of an unknown dead letter (404).</summary>
    public const string DeadLetterNotFound = "DeadLetterNotFound";

    /// <summary>The error code of a dead letter that cannot be replayed: a routed event, or its source has no mapping any
    /// more (its connection was removed) (409).</summary>
    public const string DeadLetterNotReplayable = "DeadLetterNotReplayable";

    /// <summary>The error for an unknown dead letter.</summary>
    public static TwinLabException NotFound(string id) =>
        new(DeadLetterNotFound, $"Dead letter '{id}' not found; see 'twinlab connections deadletters'.");

    /// <summary>
    /// Replays <paramref name="letter"/> through <paramref name="pipeline"/> (which must hold the mapping of its source) and
    /// waits for its fate. Applied or duplicate: the letter is deleted. Dead-lettered again: one letter is kept for it, with
    /// the new reason.
    /// </summary>
    /// <exception cref="TwinLabException"><see cref="DeadLetterNotReplayable"/>: not an inbound message.</exception>
    public static async Task<ReplayOutcome> ReplayAsync(IIngestSink pipeline, DeadLetterStore letters, DeadLetter letter, TimeProvider time,
        CancellationToken cancel)
    {
        RequireInbound(letter);
        var payload = letter.PayloadIsBase64 ? Convert.FromBase64String(letter.Payload) : Encoding.UTF8.GetBytes(letter.Payload);
        var fate = new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new InboundMessage(letter.Source, letter.Topic ?? "", payload, letter.Position, time.GetUtcNow())
        {
            Acknowledge = result =>
            {
                fate.TrySetResult(result);
                return ValueTask.CompletedTask;
            },
        };
        await pipeline.SubmitAsync(message, cancel);
        var outcome = await fate.Task.WaitAsync(cancel);
        if (outcome.Status == IngestStatus.DeadLettered)
        {
            // The pipeline stored it again. Its id comes from the source and the message key; when the key was the
            // original delivery's own (an HTTP Message-Id, a file line) the new letter has another id, and the old one
            // (untouched since) goes, so one letter stays per message.
            if (letters.Get(letter.Id) is { } still && still.Time == letter.Time) letters.Delete(letter.Id);
        }
        else letters.Delete(letter.Id);
        return new ReplayOutcome(letter.Id, outcome.Status, outcome.Reason);
    }

    /// <summary>
    /// Replays a dead letter in this process with a pipeline of its own and the mapping of its source as stored now, for
    /// when no process runs the connections (the CLI on a database no server is serving).
    /// </summary>
    /// <exception cref="TwinLabException"><see cref="DeadLetterNotFound"/> or <see cref="DeadLetterNotReplayable"/>.</exception>
    public static async Task<ReplayOutcome> ReplayHereAsync(TwinService service, string letterId, CancellationToken cancel)
    {
        var letters = new DeadLetterStore(service.Store);
        var letter = letters.Get(letterId) ?? throw NotFound(letterId);
        RequireInbound(letter);
        var mapping = MappingOf(new ConnectionStore(service.Store), letter);
        await using var pipeline = new IngestPipeline(service, letters);
        pipeline.SetMapping(letter.Source, mapping);
        var outcome = await ReplayAsync(pipeline, letters, letter, TimeProvider.System, cancel);
        await pipeline.FlushAsync();
        return outcome;
    }

    /// <summary>Refuses a letter that is not an inbound message.</summary>
    /// <exception cref="TwinLabException"><see cref="DeadLetterNotReplayable"/>.</exception>
    internal static void RequireInbound(DeadLetter letter)
    {
        if (letter.Kind != DeadLetterStore.Ingest)
            throw new TwinLabException(DeadLetterNotReplayable,
                $"Dead letter '{letter.Id}' is a routed event ({letter.Kind}), not an inbound message; route deliveries are retried by their endpoint.");
    }

    /// <summary>The mapping a letter's source uses now.</summary>
    /// <exception cref="TwinLabException"><see cref="DeadLetterNotReplayable"/>: its connection is gone, or its mapping fails.</exception>
    internal static Mapping.MessageMapping MappingOf(ConnectionStore connections, DeadLetter letter)
    {
        var c = connections.Find(letter.Source) ?? throw new TwinLabException(DeadLetterNotReplayable,
            $"Dead letter '{letter.Id}' came from '{letter.Source}', which is not a connection (any more): without its mapping it cannot be replayed. Add the connection again, or delete the letter.");
        try
        {
            return ConnectionValidation.ParseMapping(c);
        }
        catch (TwinLabException e)
        {
            throw new TwinLabException(DeadLetterNotReplayable, e.Message);
        }
    }
}
