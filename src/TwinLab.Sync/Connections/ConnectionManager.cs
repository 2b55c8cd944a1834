using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Connections;

/// <summary>
/// Runs the connections of a database in this process, all feeding one shared <see cref="IngestPipeline"/>. Every
/// <see cref="ConnectionManagerOptions.PollInterval"/> (a second) it reads the stored connections again, so a connection
/// added, changed, paused, resumed or removed by another process (the CLI) is started, restarted, stopped or dropped
/// within about a second; it then writes each connection's status (kind <see cref="ConnectionStore.StatusKind"/>) and takes
/// up the dead-letter replays other processes asked for.
/// </summary>
/// <remarks>
/// <para>Only one manager per database may run the sources (MQTT subscriptions, watched folders): two would both take
/// every message (and two MQTT clients with one client id take the broker session from each other). Servers sharing one
/// PostgreSQL store therefore run their managers on <see cref="SetActiveAsync">standby</see> except the one holding the
/// work lease: a manager on standby keeps the mappings (so <c>http</c> connections take posts and dead letters can be
/// replayed on any server) but starts no source, writes no status, beats no heartbeat and leaves replay requests to the
/// active one. A manager is active from its creation unless told otherwise.</para>
/// <para>Removing a connection stops its source; its dead letters stay. Stopping the manager stops the sources, waits for
/// what they handed over to be committed and acknowledged, and (when active) marks every connection as not running.
/// Thread-safe.</para>
/// </remarks>
public sealed class ConnectionManager : IAsyncDisposable
{
    private readonly ConnectionManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ConnectionSourceFactory _sources;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal); // warned about once each
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;
    private volatile bool _active = true;

    /// <summary>A manager over <paramref name="service"/>'s database; call <see cref="StartAsync"/> to run the connections.</summary>
    /// <param name="service">The live twin.</param>
    /// <param name="options">Polling and ingest settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="log">Where connections starting, stopping and failing are logged.</param>
    public ConnectionManager(TwinService service, ConnectionManagerOptions? options = null, TimeProvider? time = null, ILogger? log = null)
        : this(service, options, time, ConnectionSources.Create, log)
    {
    }

    internal ConnectionManager(TwinService service, ConnectionManagerOptions? options, TimeProvider? time, ConnectionSourceFactory sources,
        ILogger? log = null)
    {
        _options = options ?? new ConnectionManagerOptions();
        _time = time ?? TimeProvider.System;
        _sources = sources;
        _log = log ?? NullLogger.Instance;
        Connections = new ConnectionStore(service.Store, _time);
        DeadLetters = new DeadLetterStore(service.Store, _time);
        Pipeline = new IngestPipeline(service, DeadLetters, _options.Ingest, _time);
    }

    /// <summary>The stored connections.</summary>
    public ConnectionStore Connections { get; }

    /// <summary>Where messages that could not be applied are kept.</summary>
    public DeadLetterStore DeadLetters { get; }

    /// <summary>The ingest pipeline every connection (and the HTTP batch endpoint) feeds.</summary>
    public IngestPipeline Pipeline { get; }

    /// <summary>Whether this manager runs the connections' sources (see <see cref="SetActiveAsync"/>).</summary>
    public bool IsActive => _active;

    /// <summary>
    /// Makes this manager the one that runs the sources (<paramref name="active"/> true: they start at once) or puts it on
    /// standby (false: every MQTT subscription and folder watcher stops as on a pause — in-flight messages get up to the
    /// drain timeout to be acknowledged, then the client disconnects keeping its persistent session, so the broker keeps
    /// what it had not had acknowledged and queues what comes next for whichever server runs the connection next).
    /// </summary>
    /// <remarks>Done under the same gate as a poll, so it never races one. Setting the current state again changes nothing.</remarks>
    public async Task SetActiveAsync(bool active, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (active)
        {
            if (_active) return;
            _active = true;
            _log.LogInformation("Running the connections' sources (this process now does the store's once-only work)");
            await RefreshAsync(cancel);
            return;
        }
        await _reconcile.WaitAsync(cancel);
        try
        {
            if (!_active) return;
            _active = false;
            var stopped = 0;
            // Each stop on its own: one that throws must not leave the rest running on a server that no longer holds the
            // lease. One that failed keeps its source, and every poll on standby tries to stop it again (ReconcileAsync).
            foreach (var running in _running.Values)
            {
                if (running.Source is null) continue;
                if (await TryStopSourceAsync(running)) stopped++;
            }
            _log.LogInformation("Connections on standby: stopped {Count} source(s); another process runs them", stopped);
        }
        finally
        {
            _reconcile.Release();
        }
    }

    /// <summary>Starts the stored connections and the polling loop.</summary>
    public async Task StartAsync(CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_loop is not null) return;
        await TickAsync(cancel);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Reads the stored connections now and starts, restarts, pauses or stops sources to match (done every
    /// second anyway; call it after a change for it to take effect at once).</summary>
    public async Task RefreshAsync(CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await ReconcileAsync(cancel);
        WriteStatuses();
    }

    /// <summary>The current status of a connection this process runs, or <c>null</c> when it runs no such connection (or
    /// holds it on standby: the active process's stored status tells).</summary>
    public ConnectionStatus? StatusOf(string id) => _running.TryGetValue(id, out var r) && Runs(r.Definition) ? StatusOf(r) : null;

    /// <summary>Whether this process runs <paramref name="c"/> now: every connection while active; on standby only
    /// <c>http</c> ones, whose messages are posted to whichever server the client picks.</summary>
    public bool Runs(ConnectionDefinition c) => _active || !HasSource(c);

    /// <summary>Whether a connection has a source that must run in one process only (everything but <c>http</c>).</summary>
    public static bool HasSource(ConnectionDefinition c) => c.Type != ConnectionTypes.Http;

    /// <summary>
    /// Ingests messages posted to an <c>http</c> connection, one per element of <paramref name="messages"/> (lines of an
    /// NDJSON body), and waits until each is durable. With <paramref name="messageId"/> each message's key is
    /// <c>MESSAGEID#LINE</c>, so a retried post applies nothing twice; without, the mapping's key or a hash of the payload is
    /// used.
    /// </summary>
    /// <returns>The fate of each message, in order.</returns>
    /// <exception cref="TwinLabException"><see cref="ConnectionStore.ConnectionNotFound"/>; <see cref="ConnectionNotHttp"/> (not an
    /// http connection); <see cref="ConnectionPaused"/>; <see cref="ConnectionNotRunning"/> (its mapping failed).</exception>
    public async Task<IReadOnlyList<IngestResult>> SubmitAsync(string connectionId, IReadOnlyList<ReadOnlyMemory<byte>> messages, string? messageId,
        CancellationToken cancel)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_running.TryGetValue(connectionId, out var running))
        {
            // Added by another process since the last poll?
            await RefreshAsync(cancel);
            if (!_running.TryGetValue(connectionId, out running)) throw ConnectionStore.NotFound(connectionId);
        }
        var c = running.Definition;
        if (c.Type != ConnectionTypes.Http)
            throw new TwinLabException(ConnectionNotHttp, $"Connection '{c.Id}' is an {c.Type} connection; only http connections take posted messages.");
        if (c.Paused)
            throw new TwinLabException(ConnectionPaused, $"Connection '{c.Id}' is paused; resume it ('twinlab connections resume {c.Id}') to post messages.");
        if (running.Failure is { } failure)
            throw new TwinLabException(ConnectionNotRunning, $"Connection '{c.Id}' cannot run: {failure}");
        var now = _time.GetUtcNow();
        var fates = new Task<IngestResult>[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var fate = new TaskCompletionSource<IngestResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            fates[i] = fate.Task;
            var line = i + 1;
            await running.Meter.SubmitAsync(new InboundMessage(c.Id, $"POST /connections/{c.Id}/messages", messages[i], $"line {line}", now)
            {
                Key = messageId is null ? null : $"{messageId}#{line}",
                Acknowledge = result =>
                {
                    fate.TrySetResult(result);
                    return ValueTask.CompletedTask;
                },
            }, cancel);
        }
        return await Task.WhenAll(fates).WaitAsync(cancel);
    }

    /// <summary>
    /// Replays a dead letter through the pipeline with its source's mapping; on success the letter is deleted (see
    /// <see cref="DeadLetterReplay.ReplayAsync"/>).
    /// </summary>
    /// <exception cref="TwinLabException"><see cref="DeadLetterReplay.DeadLetterNotFound"/>, or
    /// <see cref="DeadLetterReplay.DeadLetterNotReplayable"/> (a routed event, or its connection was removed).</exception>
    public Task<ReplayOutcome> ReplayAsync(string letterId, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var letter = DeadLetters.Get(letterId) ?? throw DeadLetterReplay.NotFound(letterId);
        DeadLetterReplay.RequireInbound(letter);
        if (!_running.TryGetValue(letter.Source, out var running))
            throw new TwinLabException(DeadLetterReplay.DeadLetterNotReplayable,
                $"Dead letter '{letterId}' came from '{letter.Source}', which is not a connection (any more): without its mapping it cannot be replayed. Add the connection again, or delete the letter.");
        if (running.Failure is { } failure)
            throw new TwinLabException(DeadLetterReplay.DeadLetterNotReplayable, $"Connection '{letter.Source}' cannot run ({failure}), so its letters cannot be replayed.");
        return DeadLetterReplay.ReplayAsync(running.Meter, DeadLetters, letter, _time, cancel);
    }

    /// <summary>The error code of posting messages to a connection that is not of type <c>http</c> (409).</summary>
    public const string ConnectionNotHttp = "ConnectionNotHttp";

    /// <summary>The error code of posting messages to a paused connection (409).</summary>
    public const string ConnectionPaused = "ConnectionPaused";

    /// <summary>The error code of posting messages to a connection that cannot run (its stored mapping fails) (409).</summary>
    public const string ConnectionNotRunning = "ConnectionNotRunning";

    /// <summary>Stops every source, waits for what was handed over to be durable, and marks the connections as not running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
        await _reconcile.WaitAsync();
        try
        {
            await Task.WhenAll(_running.Values.Select(r => TryStopSourceAsync(r)));
            await Pipeline.FlushAsync();
            var now = _time.GetUtcNow();
            // On standby the statuses and the heartbeat are the active process's: leave them to it.
            if (_active)
            {
                foreach (var r in _running.Values)
                    Try(() => Connections.SaveStatus(StatusOf(r) with { State = r.Definition.Paused ? ConnectionStates.Paused : ConnectionStates.NotRunning, Updated = now }));
                Try(() => ConnectionHost.Clear(Connections.Store));
            }
            _running.Clear();
        }
        finally
        {
            _reconcile.Release();
            await Pipeline.DisposeAsync();
            _stop.Dispose();
        }
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PollInterval, _time, stop);
                await TickAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failing poll (the database busy beyond its timeout, a disk error) must not end the loop: the next
                // one tries again, and the statuses show the connections' own errors.
                _log.LogWarning(e, "Reading the connections failed; trying again in {Interval}", _options.PollInterval);
            }
        }
    }

    private async Task TickAsync(CancellationToken cancel)
    {
        await ReconcileAsync(cancel);
        WriteStatuses();
        if (!_active) return; // replay requests are the active process's
        foreach (var letterId in ReplayRequests.Pending(Connections.Store))
        {
            try
            {
                var outcome = await ReplayAsync(letterId, cancel);
                ReplayRequests.Complete(Connections.Store, letterId, outcome, null, _time.GetUtcNow());
            }
            catch (TwinLabException e)
            {
                ReplayRequests.Complete(Connections.Store, letterId, null, e, _time.GetUtcNow());
            }
        }
    }

    private async Task ReconcileAsync(CancellationToken cancel)
    {
        await _reconcile.WaitAsync(cancel);
        try
        {
            // A refresh that waited here while the manager was disposed must not start sources nobody will stop.
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var (readable, unreadable) = Connections.ListAll();
            foreach (var (id, error) in unreadable)
                if (_unreadable.Add(id)) _log.LogWarning("Connection {Id} is not run: {Error}", id, error);
            var stored = readable.ToDictionary(c => c.Id, StringComparer.Ordinal);
            foreach (var (id, running) in _running)
            {
                if (stored.ContainsKey(id)) continue;
                await StopSourceAsync(running);
                // Let what it handed over finish before its mapping goes.
                await Pipeline.FlushAsync();
                Pipeline.RemoveMapping(id);
                _running.TryRemove(id, out _);
                Connections.DeleteStatus(id);
                _log.LogInformation("Connection {Id} removed: stopped", id);
            }
            foreach (var c in stored.Values)
            {
                if (!_running.TryGetValue(c.Id, out var running))
                {
                    running = new Running(c, new ConnectionMeter(Pipeline, _time));
                    _running[c.Id] = running;
                    await ApplyAsync(running, c);
                }
                else if (!running.Definition.SameSourceAs(c))
                {
                    await StopSourceAsync(running);
                    await ApplyAsync(running, c);
                }
                else if (running.Definition.Paused != c.Paused)
                {
                    running.Definition = c;
                    if (c.Paused) await StopSourceAsync(running);
                    else await StartSourceAsync(running);
                    _log.LogInformation("Connection {Id} {Change}", c.Id, c.Paused ? "paused" : "resumed");
                }
                else if (running.Failure is not null && running.Mapping is not null && !c.Paused
                    && _time.GetUtcNow() - running.FailureTime >= _options.RetryFailedAfter)
                {
                    // Its source failed to start (a missing password variable, say); its mapping is fine: try again.
                    running.Definition = c;
                    await StartSourceAsync(running);
                }
                else if (running.Source is null && running.Failure is null && !c.Paused && HasSource(c) && Runs(c))
                {
                    // Held on standby until now (this process just became the active one): start it.
                    running.Definition = c;
                    await StartSourceAsync(running);
                }
                else if (running.Source is not null && (c.Paused || !Runs(c)))
                {
                    // A source still running on standby or while paused (its stop failed when the lease went or the pause
                    // came): try stopping it again.
                    running.Definition = c;
                    if (await TryStopSourceAsync(running))
                        _log.LogInformation("Connection {Id} stopped ({Why})", c.Id, c.Paused ? "paused" : "on standby");
                }
                else running.Definition = c;
            }
        }
        finally
        {
            _reconcile.Release();
        }
    }

    /// <summary>Takes up a (new or changed) definition: its mapping, then its source unless paused.</summary>
    private async Task ApplyAsync(Running running, ConnectionDefinition c)
    {
        running.Definition = c;
        running.Failure = null;
        running.Mapping = null;
        MessageMapping mapping;
        try
        {
            mapping = ConnectionValidation.ParseMapping(c);
        }
        catch (TwinLabException e)
        {
            Fail(running, e.Message);
            return;
        }
        Pipeline.SetMapping(c.Id, mapping);
        running.Mapping = mapping;
        if (!c.Paused) await StartSourceAsync(running);
    }

    /// <summary>Starts the connection's source (unless its mapping failed or this process is on standby); a source that
    /// fails to start is disposed and the connection shows as failed until the next retry.</summary>
    /// <remarks>
    /// The start is not cut short by the caller's token (an HTTP request that was aborted, the lease follower stopping):
    /// an MQTT source's connect loop runs from the moment its start begins, so a start given up half-way would leave a client
    /// that keeps taking messages and the broker session without being recorded anywhere to stop it. Only the manager's own
    /// end cuts a start short, and the source is disposed then too.
    /// </remarks>
    private async Task StartSourceAsync(Running running)
    {
        if (running.Mapping is not { } mapping) return; // its mapping failed: shown as failed until the definition changes
        if (!Runs(running.Definition)) return; // on standby: the active process runs it
        running.Failure = null;
        var stop = _stop.Token;
        IConnectionSource? source = null;
        try
        {
            source = _sources(running.Definition, new SourceContext(running.Meter, mapping, Connections.Store, _time, _log));
            if (source is not null) await source.StartAsync(stop);
            running.Source = source;
            _log.LogInformation("Connection {Id} ({Type}) started", running.Definition.Id, running.Definition.Type);
        }
        catch (Exception e)
        {
            if (source is not null) await source.DisposeAsync();
            if (e is OperationCanceledException && stop.IsCancellationRequested) throw; // the manager is being disposed
            Fail(running, e is TwinLabException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Stops the source, then disposes it. The source stays recorded until both succeeded, so a stop that threw is
    /// tried again (on standby, by the next poll).</summary>
    private static async Task StopSourceAsync(Running running)
    {
        if (running.Source is not { } source) return;
        try
        {
            await source.StopAsync(CancellationToken.None);
        }
        finally
        {
            await source.DisposeAsync();
        }
        running.Source = null;
    }

    /// <summary><see cref="StopSourceAsync"/>, logging rather than throwing a failure (so the other sources still stop).</summary>
    /// <returns>Whether the source (if any) stopped.</returns>
    private async Task<bool> TryStopSourceAsync(Running running)
    {
        try
        {
            await StopSourceAsync(running);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogWarning(e, "Stopping the source of connection {Id} failed", running.Definition.Id);
            return false;
        }
    }

    private void Fail(Running running, string message)
    {
        _log.LogWarning("Connection {Id} cannot run: {Reason}", running.Definition.Id, message);
        running.Failure = message;
        running.LastFailure = message;
        running.FailureTime = _time.GetUtcNow();
        running.Failures++;
    }

    private void WriteStatuses()
    {
        // On standby the active process writes them; this one's counters of http posts show in its own answers.
        if (!_active) return;
        var now = _time.GetUtcNow();
        ConnectionHost.Beat(Connections.Store, _options.Host, now);
        foreach (var running in _running.Values) Connections.SaveStatus(StatusOf(running));
    }

    private ConnectionStatus StatusOf(Running running)
    {
        var c = running.Definition;
        var meter = running.Meter.Read();
        var health = running.Source?.Health;
        var state = c.Paused ? ConnectionStates.Paused
            : running.Failure is not null ? ConnectionStates.Failed
            // A source still being started (its first connection and subscription under way) is not running yet: a
            // producer that waits for "running" must not publish into a subscription that does not exist.
            : health?.State ?? (HasSource(c) ? ConnectionStates.Starting : ConnectionStates.Running);
        // The latest of the connection's own failure, its source's error, its last dead letter and the pipeline's last
        // trouble with its messages (a commit that keeps failing shows here while its messages wait, as lag).
        (string? Message, DateTimeOffset? Time) last = (meter.LastError, meter.LastErrorTime);
        var ingest = Pipeline.CountersOf(c.Id);
        if (ingest.LastErrorTime is { } ingestTime && (last.Time is null || ingestTime > last.Time)) last = (ingest.LastError, ingestTime);
        if (health?.LastErrorTime is { } sourceTime && (last.Time is null || sourceTime > last.Time)) last = (health.LastError, sourceTime);
        if (running.FailureTime is { } failTime && (last.Time is null || failTime >= last.Time)) last = (running.LastFailure, failTime);
        return new ConnectionStatus(c.Id, state, _options.Host, _time.GetUtcNow())
        {
            Queued = meter.Queued,
            OldestQueuedMs = meter.OldestQueuedMs,
            Received = meter.Received,
            Applied = meter.Applied,
            Duplicates = meter.Duplicates,
            DeadLettered = meter.DeadLettered,
            Errors = (health?.Errors ?? 0) + running.Failures + running.PastSourceErrors,
            LastError = last.Message,
            LastErrorTime = last.Time,
            LatencyP50Ms = meter.LatencyP50Ms,
            LatencyP99Ms = meter.LatencyP99Ms,
        };
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception)
        {
            // Best effort while stopping: a status that is not written goes stale and shows as not running anyway.
        }
    }

    /// <summary>A connection this process runs.</summary>
    private sealed class Running(ConnectionDefinition definition, ConnectionMeter meter)
    {
        private IConnectionSource? _source;

        public ConnectionDefinition Definition { get; set; } = definition;
        public ConnectionMeter Meter { get; } = meter;
        public MessageMapping? Mapping { get; set; }

        /// <summary>The running source; replacing it keeps the old one's error count.</summary>
        public IConnectionSource? Source
        {
            get => _source;
            set
            {
                if (_source is not null && value != _source) PastSourceErrors += _source.Health.Errors;
                _source = value;
            }
        }

        public long PastSourceErrors { get; private set; }
        /// <summary>Why it cannot run now, or <c>null</c>.</summary>
        public string? Failure { get; set; }

        /// <summary>The last reason it could not run (kept after it runs again, for the status's last error).</summary>
        public string? LastFailure { get; set; }
        public DateTimeOffset? FailureTime { get; set; }
        public long Failures { get; set; }
    }
}
