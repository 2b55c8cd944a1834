using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Ingest;

/// <summary>
/// The intake of the live twin: connections submit messages, each is mapped (on the submitter's thread) and queued, and
/// a single writer commits them in batches, one transaction per batch (<see cref="TwinService.WriteBatch{T}"/>), each
/// message exactly once by its key. A message that cannot be mapped or applied goes to the dead letters with its reason
/// and the stream goes on. Each message is acknowledged only when its fate is durable.
/// </summary>
/// <remarks>
/// <para>Backpressure: at most <see cref="IngestOptions.Capacity"/> messages are accepted and not yet acknowledged;
/// <see cref="SubmitAsync"/> waits beyond that, so a slow store slows the sources instead of filling memory.</para>
/// <para>A commit that fails in the store (disk full, database locked) is retried with backoff, never dropped and never
/// acknowledged; on <see cref="DisposeAsync"/> the writer commits what it can and leaves the rest unacknowledged, for the
/// sources to deliver again.</para>
/// <para>Thread-safe: any number of sources may submit at once.</para>
/// </remarks>
public sealed class IngestPipeline : IIngestSink, IAsyncDisposable
{
    private readonly TwinService _service;
    private readonly DeadLetterStore _deadLetters;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, MessageMapping> _mappings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SourceCounters> _counters = new(StringComparer.Ordinal);
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private int _disposed;

    /// <summary>A queued message (or a flush marker), mapped.</summary>
    private sealed class Entry
    {
        public InboundMessage? Message;
        public SourceCounters? Counters;
        public string Key = "";
        public string? Rule;
        public IReadOnlyList<MappedUpdate>? Updates;
        public string? Error;
        public long Enqueued;
        public TaskCompletionSource? Flush;
    }

    /// <summary>Starts the pipeline's writer.</summary>
    /// <param name="service">The twin the messages are written to.</param>
    /// <param name="deadLetters">Where messages that cannot be applied are kept.</param>
    /// <param name="options">Queue and batch sizes, branch; the defaults when <c>null</c>.</param>
    /// <param name="time">The clock for latencies and dead-letter times.</param>
    /// <exception cref="ArgumentException">The options are out of range or name a branch that does not exist.</exception>
    public IngestPipeline(TwinService service, DeadLetterStore deadLetters, IngestOptions? options = null, TimeProvider? time = null)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _options = options ?? new IngestOptions();
        _time = time ?? TimeProvider.System;
        if (_options.Capacity < 1) throw new ArgumentException($"Capacity must be at least 1, not {_options.Capacity}.", nameof(options));
        if (_options.MaxBatch < 1) throw new ArgumentException($"MaxBatch must be at least 1, not {_options.MaxBatch}.", nameof(options));
        if (_options.MaxDelay < TimeSpan.Zero) throw new ArgumentException("MaxDelay may not be negative.", nameof(options));
        if (!service.HasBranch(_options.Branch))
            throw new ArgumentException($"Branch '{_options.Branch}' not found; see 'twinlab branch list'.", nameof(options));
        _slots = new SemaphoreSlim(_options.Capacity, _options.Capacity);
        _writer = Task.Run(RunAsync);
    }

    /// <summary>The options in force.</summary>
    public IngestOptions Options => _options;

    /// <summary>The twin the messages are written to.</summary>
    public TwinService Service => _service;

    /// <summary>The dead-letter store failed messages go to.</summary>
    public DeadLetterStore DeadLetters => _deadLetters;

    /// <summary>The pipeline's clock (sources stamp <see cref="InboundMessage.Received"/> with it).</summary>
    public TimeProvider Time => _time;

    /// <summary>The sources that have submitted messages or have a mapping.</summary>
    public IReadOnlyCollection<string> Sources => [.. _counters.Keys.Union(_mappings.Keys).Order(StringComparer.Ordinal)];

    /// <summary>Sets (or replaces) the mapping of a source's messages; messages submitted from now on use it.</summary>
    public void SetMapping(string source, MessageMapping mapping)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(mapping);
        _mappings[source] = mapping;
    }

    /// <summary>Removes a source's mapping; its later messages are dead-lettered until one is set again.</summary>
    /// <returns>Whether the source had a mapping.</returns>
    public bool RemoveMapping(string source) => _mappings.TryRemove(source, out _);

    /// <summary>The mapping of a source, or <c>null</c>.</summary>
    public MessageMapping? MappingOf(string source) => _mappings.GetValueOrDefault(source);

    /// <summary>Maps a message and queues it; waits while <see cref="IngestOptions.Capacity"/> messages are in flight.</summary>
    /// <remarks>Never throws for a bad message: it is queued to be dead-lettered with its reason. Its
    /// <see cref="InboundMessage.Acknowledge"/> is called once its fate is durable.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled while waiting; the message was not accepted.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline is stopping.</exception>
    public async ValueTask SubmitAsync(InboundMessage message, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_slots.Wait(0)) await WaitForSlotAsync(cancel).ConfigureAwait(false);
        var entry = Prepare(message);
        entry.Counters!.Received();
        if (!_queue.Writer.TryWrite(entry))
        {
            entry.Counters.Unreceived();
            _slots.Release();
            throw new ObjectDisposedException(nameof(IngestPipeline), "The ingest pipeline is stopping; the message was not accepted.");
        }
    }

    /// <summary>Waits for room in the queue; a pipeline that stops meanwhile refuses the message instead of leaving the
    /// submitter waiting.</summary>
    private async Task WaitForSlotAsync(CancellationToken cancel)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
        try
        {
            await _slots.WaitAsync(both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(IngestPipeline), "The ingest pipeline is stopping; the message was not accepted.");
        }
    }

    /// <summary>Waits until every message submitted before this call has been committed or dead-lettered, and acknowledged.</summary>
    /// <exception cref="InvalidOperationException">The pipeline stopped before some of them were committed (the store kept failing).</exception>
    public async Task FlushAsync(CancellationToken cancel = default)
    {
        var marker = new Entry { Flush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Enqueued = Stopwatch.GetTimestamp() };
        if (!_queue.Writer.TryWrite(marker))
        {
            await _writer.WaitAsync(cancel).ConfigureAwait(false);
            return;
        }
        await marker.Flush.Task.WaitAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>What the pipeline has done with a source's messages (zeros for a source it has not seen).</summary>
    public IngestCounters CountersOf(string source) =>
        _counters.TryGetValue(source, out var counters) ? counters.Snapshot() : IngestCounters.Empty;

    /// <summary>Stops accepting messages, commits what is queued (giving up on a failing store rather than retrying), and
    /// stops the writer. Messages it could not commit are not acknowledged.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writer.ConfigureAwait(false);
            return;
        }
        _queue.Writer.TryComplete();
        // Not disposed afterwards: a submitter racing the stop may still link to its token (it has no timer to free).
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
    }

    private SourceCounters CountersFor(string source) => _counters.GetOrAdd(source, _ => new SourceCounters());

    private Entry Prepare(InboundMessage message)
    {
        var entry = new Entry { Message = message, Counters = CountersFor(message.Source) };
        try
        {
            if (_mappings.TryGetValue(message.Source, out var mapping))
            {
                var result = mapping.Evaluate(message);
                entry.Key = result.Key;
                entry.Rule = result.Rule;
                entry.Updates = result.Updates;
                entry.Error = result.Error?.Message;
            }
            else
            {
                entry.Key = MessageMapping.FallbackKey(message);
                entry.Error = $"no mapping is set for source '{message.Source}'";
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault in mapping is the message's, not the stream's: keep it as a dead letter to look at.
            entry.Key = MessageMapping.FallbackKey(message);
            entry.Error = $"mapping failed: {e.GetType().Name}: {e.Message}";
        }
        entry.Enqueued = Stopwatch.GetTimestamp();
        return entry;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Entry>(Math.Min(_options.MaxBatch, 4096) + 1);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var messages = 0;
            var flush = false;
            while (true)
            {
                while (messages < _options.MaxBatch && reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                    if (entry.Flush is not null)
                    {
                        flush = true;
                        break;
                    }
                    messages++;
                }
                if (flush || messages >= _options.MaxBatch || batch.Count == 0 || _stop.IsCancellationRequested) break;
                // Wait for more only until the oldest message has waited MaxDelay: under load the queue is never
                // empty and batches go out at once; when quiet a message waits at most MaxDelay.
                var remaining = _options.MaxDelay - Stopwatch.GetElapsedTime(batch[0].Enqueued);
                if (remaining <= TimeSpan.Zero) break;
                if (!await WaitForMoreAsync(reader, remaining).ConfigureAwait(false)) break;
            }
            if (batch.Count > 0) await ProcessAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitForMoreAsync(ChannelReader<Entry> reader, TimeSpan remaining)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(remaining);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Commits a batch in runs whose keys are distinct: a key repeated within one write would be taken for a duplicate
    /// even when its first message fails (a corrected message resent right after a refused one), so a repeat starts a new run.
    /// </summary>
    private async Task ProcessAsync(List<Entry> batch)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var start = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            if (entry.Updates is not { Count: > 0 } || keys.Add(entry.Key)) continue;
            if (!await ProcessRunAsync(batch.GetRange(start, i - start)).ConfigureAwait(false))
            {
                Abandon(batch.GetRange(i, batch.Count - i));
                return;
            }
            start = i;
            keys.Clear();
            keys.Add(entry.Key);
        }
        if (start == 0) await ProcessRunAsync(batch).ConfigureAwait(false);
        else await ProcessRunAsync(batch.GetRange(start, batch.Count - start)).ConfigureAwait(false);
    }

    /// <summary>Commits one run of messages, dead-letters what failed, acknowledges; <c>false</c> when it gave up (stopping
    /// while the store fails), leaving the run unacknowledged.</summary>
    private async Task<bool> ProcessRunAsync(List<Entry> batch)
    {
        var items = new List<BatchItem<int>>(batch.Count);
        var written = new List<Entry>(batch.Count);
        foreach (var entry in batch)
        {
            if (entry.Updates is not { Count: > 0 } updates) continue;
            items.Add(new BatchItem<int>(entry.Key, graph => Apply(graph, updates)));
            written.Add(entry);
        }

        var results = new Dictionary<Entry, IngestResult>(ReferenceEqualityComparer.Instance);
        if (items.Count > 0)
        {
            var outcome = await CommitAsync(items, written).ConfigureAwait(false);
            if (outcome is null)
            {
                Abandon(batch);
                return false;
            }
            for (var i = 0; i < written.Count; i++)
            {
                var item = outcome.Items[i];
                results[written[i]] = item.Status switch
                {
                    BatchItemStatus.Applied => new IngestResult(IngestStatus.Applied, Sequence: outcome.LastSequence),
                    BatchItemStatus.Duplicate => new IngestResult(IngestStatus.Duplicate),
                    _ => new IngestResult(IngestStatus.DeadLettered, Describe(written[i], item.Error)),
                };
            }
        }
        var committed = _time.GetUtcNow();

        foreach (var entry in batch)
        {
            if (entry.Message is null) continue;
            if (!results.TryGetValue(entry, out var result))
                result = entry.Error is { } error
                    ? new IngestResult(IngestStatus.DeadLettered, error)
                    : new IngestResult(IngestStatus.Applied); // a rule that maps nothing (skip)
            if (result.Status == IngestStatus.DeadLettered)
            {
                if (!await DeadLetterAsync(entry, result.Reason!).ConfigureAwait(false))
                {
                    Abandon(batch);
                    return false;
                }
                entry.Counters!.Error(result.Reason!, committed);
            }
            results[entry] = result;
        }

        var pending = new List<(Entry Entry, Task Ack)>();
        foreach (var entry in batch)
        {
            if (entry.Message is not { } message) continue;
            var result = results[entry];
            if (message.Acknowledge is { } ack)
            {
                try
                {
                    var task = ack(result);
                    if (!task.IsCompletedSuccessfully) pending.Add((entry, task.AsTask()));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    entry.Counters!.Error($"{message.Position}: acknowledging failed: {e.Message}", committed);
                }
            }
        }
        foreach (var (entry, task) in pending)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                entry.Counters!.Error($"{entry.Message!.Position}: acknowledging failed: {e.Message}", committed);
            }
        }
        foreach (var entry in batch)
        {
            if (entry.Message is { } message)
            {
                var latency = Math.Max(0, (committed - message.Received).TotalMilliseconds);
                entry.Counters!.Done(results[entry].Status, latency);
                _slots.Release();
            }
            else entry.Flush!.TrySetResult();
        }
        return true;
    }

    /// <summary>What a message does to the graph: each update's patch, then its telemetry.</summary>
    private static int Apply(TwinGraph graph, IReadOnlyList<MappedUpdate> updates)
    {
        foreach (var update in updates)
        {
            if (update.Patch is { Count: > 0 } patch) graph.UpdateTwin(update.TwinId, patch);
            if (update.Telemetry is { } telemetry) graph.AppendTelemetry(update.TwinId, update.Component, telemetry, update.Timestamp);
        }
        return updates.Count;
    }

    private static string Describe(Entry entry, Exception? error)
    {
        var reason = error?.Message ?? "the write failed";
        return entry.Rule is { } rule ? $"rule '{rule}': {reason}" : reason;
    }

    private async Task<BatchOutcome<int>?> CommitAsync(List<BatchItem<int>> items, List<Entry> entries)
    {
        var context = new WriteContext(ActorOf(entries));
        var delay = _options.RetryDelay;
        while (true)
        {
            try
            {
                return _service.WriteBatch(_options.Branch, context, items);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var now = _time.GetUtcNow();
                foreach (var counters in entries.Select(x => x.Counters!).Distinct())
                    counters.Error($"committing failed (retrying in {delay.TotalSeconds:0.###} s): {e.Message}", now);
                if (!await PauseAsync(delay).ConfigureAwait(false)) return null;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    private async Task<bool> DeadLetterAsync(Entry entry, string reason)
    {
        var message = entry.Message!;
        var delay = _options.RetryDelay;
        while (true)
        {
            try
            {
                _deadLetters.Add(DeadLetterStore.Ingest, message.Source, entry.Key, reason, message.Position, message.Payload.Span, message.Topic);
                return true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                entry.Counters!.Error($"storing a dead letter failed (retrying in {delay.TotalSeconds:0.###} s): {e.Message}", _time.GetUtcNow());
                if (!await PauseAsync(delay).ConfigureAwait(false)) return false;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Waits before a retry; <c>false</c> when the pipeline is stopping (give up, do not acknowledge).</summary>
    private async Task<bool> PauseAsync(TimeSpan delay)
    {
        if (_stop.IsCancellationRequested) return false;
        try
        {
            await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The pipeline stopped while the store was failing: the batch stays unacknowledged (its sources deliver it
    /// again), and flushes waiting on it learn that.</summary>
    private static void Abandon(List<Entry> batch)
    {
        foreach (var entry in batch)
            entry.Flush?.TrySetException(new InvalidOperationException(
                "The ingest pipeline stopped before these messages were committed (the store kept failing); they were not acknowledged."));
    }

    private string ActorOf(List<Entry> entries)
    {
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries) sources.Add(entry.Message!.Source);
        var names = sources.Count <= 3 ? string.Join(",", sources) : $"{string.Join(",", sources.Take(3))}+{sources.Count - 3}";
        return _options.ActorPrefix + names;
    }
}
