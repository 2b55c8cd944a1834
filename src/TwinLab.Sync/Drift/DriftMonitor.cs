using System.Text.Json;
using System.Threading.Channels;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift;

/// <summary>
/// Checks the live twin against the data arriving from its real counterpart: every numeric telemetry reading on main of
/// a twin some <see cref="IDriftPredictor"/> covers is compared with the twin's prediction interval, its standardised
/// residual is added to the series' CUSUM (<see cref="CusumRule"/>), and sustained divergence raises a
/// <see cref="DriftEvent"/>; when the twin's automatic re-calibration is on, the predictor then re-fits the twin.
/// </summary>
/// <remarks>
/// <para>Fed by <see cref="TwinService.Committed"/>: the handler, which runs under the write lock, only queues the
/// telemetry of main's writes; readings are judged on the monitor's own loop, in commit order, and the monitor never
/// writes under the lock. State is stored per series (<see cref="DriftStore"/>) after each batch of writes, with the
/// position reached in the event log, so a restarted monitor resumes where it stopped: on <see cref="Start"/> it first
/// evaluates from the log whatever was committed while it was not running. A reading is judged once: each series
/// remembers the last write it judged.</para>
/// <para>Run one monitor per database (the server's, or <c>twinlab drift check</c> when no server runs). Without
/// <see cref="Start"/>, <see cref="CatchUp"/> evaluates the log synchronously on the caller's thread.</para>
/// </remarks>
public sealed partial class DriftMonitor : IAsyncDisposable
{
    private readonly TwinService _service;
    private readonly DriftPredictorCatalog _predictors;
    private readonly DriftMonitorOptions _options;
    private readonly IDriftEventSink? _sink;
    private readonly TimeProvider _time;
    // Replaced on each start: a stopped monitor's queue is completed and its token cancelled.
    private Channel<Work> _queue = NewQueue();
    private CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private int _queuedWrites;
    private volatile bool _behind;
    private long _cursor = -1;
    private long _unsavedCursor = -1;
    private DateTimeOffset _cursorSaved = DateTimeOffset.MinValue;
    private bool _disposed;

    /// <summary>Creates a monitor (not started).</summary>
    /// <param name="service">The twin service whose main branch is watched.</param>
    /// <param name="predictors">The predictors, in order of precedence.</param>
    /// <param name="options">Queue and catch-up settings.</param>
    /// <param name="sink">Where drift events go (the server's live stream and routes), or <c>null</c>.</param>
    /// <param name="time">The clock for re-calibration and detection times.</param>
    public DriftMonitor(TwinService service, DriftPredictorCatalog predictors, DriftMonitorOptions? options = null,
        IDriftEventSink? sink = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(predictors);
        _service = service;
        _predictors = predictors;
        _options = options ?? DriftMonitorOptions.Default;
        _sink = sink;
        _time = time ?? TimeProvider.System;
        Store = predictors.Store;
    }

    /// <summary>Where the series' state is kept.</summary>
    public DriftStore Store { get; }

    /// <summary>The last failure of the loop (a store error, retried), or <c>null</c>.</summary>
    public string? LastError { get; private set; }

    /// <summary>Raised on the loop for every drift event, after the sink (tests, embedding applications).</summary>
    public event Action<DriftEvent>? Changed;

    /// <summary>Subscribes to committed writes and starts the loop, which first evaluates what the log holds beyond the stored position.</summary>
    /// <exception cref="InvalidOperationException">Already started or disposed.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loop is not null) throw new InvalidOperationException("The drift monitor is already running.");
            if (_stop.IsCancellationRequested)
            {
                _stop.Dispose();
                _stop = new CancellationTokenSource();
                _queue = NewQueue();
                _queuedWrites = 0;
            }
            _service.Committed += OnCommitted;
            _behind = true;
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>
    /// Waits until every write committed before the call has been evaluated (and its events published). Without
    /// <see cref="Start"/>, evaluates synchronously.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancel = default)
    {
        if (_loop is null)
        {
            CatchUp();
            return;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new FlushWork(done))) throw new ObjectDisposedException(nameof(DriftMonitor));
        await done.Task.WaitAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Evaluates every telemetry write the log holds beyond the stored position, on the caller's thread (the CLI's
    /// <c>twinlab drift check</c>); returns the number of readings judged.
    /// </summary>
    /// <exception cref="InvalidOperationException">The monitor is running (its loop does this itself).</exception>
    public int CatchUp()
    {
        if (_loop is not null) throw new InvalidOperationException("The drift monitor is running; use FlushAsync.");
        return CatchUpFromLog();
    }

    /// <summary>
    /// Starts a twin's series afresh (all of them, or one telemetry's): sums and counts to zero, in fit; a drift episode
    /// in progress ends as <c>reset</c>. Returns the series reset. Runs on the loop when the monitor is running.
    /// </summary>
    public async Task<IReadOnlyList<DriftSeries>> ResetAsync(string twinId, string? telemetry = null, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(twinId);
        if (_loop is null) return Reset(twinId, telemetry);
        var done = new TaskCompletionSource<IReadOnlyList<DriftSeries>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new ResetWork(twinId, telemetry, done))) throw new ObjectDisposedException(nameof(DriftMonitor));
        return await done.Task.WaitAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ResetAsync"/> for a server that may judge drift only while its monitor runs (it holds the work lease): the
    /// reset runs on the loop, or not at all — <c>null</c> when the monitor is not running or stops before the reset ran.
    /// </summary>
    public async Task<IReadOnlyList<DriftSeries>?> ResetOnLoopAsync(string twinId, string? telemetry = null, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(twinId);
        var done = new TaskCompletionSource<IReadOnlyList<DriftSeries>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            // Under the gate, StopAsync completes the queue: a reset either is queued on a running loop or is refused.
            if (_loop is null || !_queue.Writer.TryWrite(new ResetWork(twinId, telemetry, done))) return null;
        }
        try
        {
            return await done.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return null; // the loop stopped (lease lost) with the reset still queued
        }
    }

    /// <summary>Whether the loop runs (between <see cref="Start"/> and <see cref="StopAsync"/>).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate) return _loop is not null;
        }
    }

    /// <summary>
    /// Stops the loop without waiting for the queued work, and unsubscribes; <see cref="Start"/> may run it again. For a
    /// server that lost the right to judge drift (its work lease) to another, which then judges from the stored position.
    /// </summary>
    /// <remarks>
    /// Nothing is lost or judged twice: a batch being judged finishes and is stored with its position; the writes still
    /// queued are dropped, to be read back from the log by whichever monitor runs next (each series remembers the last
    /// write it judged). The position is read from the store again at the next start, since another monitor moves it
    /// meanwhile. Flushes and resets still queued fail with <see cref="OperationCanceledException"/>.
    /// </remarks>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed || _loop is null) return;
            loop = _loop;
            _service.Committed -= OnCommitted;
            _queue.Writer.TryComplete();
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        lock (_gate)
        {
            while (_queue.Reader.TryRead(out var left))
            {
                if (left is FlushWork flush) flush.Done.TrySetCanceled();
                else if (left is ResetWork reset) reset.Done.TrySetCanceled();
            }
            _cursor = -1;
            _unsavedCursor = -1;
            _loop = null;
        }
    }

    private static Channel<Work> NewQueue() => Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Stops the loop (after the queued work) and unsubscribes.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            loop = _loop;
        }
        _service.Committed -= OnCommitted;
        _queue.Writer.TryComplete();
        if (loop is not null)
        {
            try
            {
                await loop.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await _stop.CancelAsync().ConfigureAwait(false);
            }
        }
        _stop.Dispose();
    }

    /// <summary>Queues the telemetry of a write on main (runs under the write lock: no I/O, no waiting).</summary>
    private void OnCommitted(CommittedWrite write)
    {
        if (write.Branch != BranchInfo.Main) return;
        List<(long, IReadOnlyList<TelemetryPoint>)>? telemetry = null;
        for (var i = 0; i < write.Changes.Count; i++)
            if (write.Changes[i] is TelemetryAppended t) (telemetry ??= []).Add((write.FirstSequence + i, t.Points));
        if (telemetry is null) return;
        if (Interlocked.Increment(ref _queuedWrites) > _options.Capacity)
        {
            // Too far behind: let this write go, and read it (and any other dropped) back from the log.
            Interlocked.Decrement(ref _queuedWrites);
            if (_behind) return;
            _behind = true;
            _queue.Writer.TryWrite(new WakeWork());
            return;
        }
        if (!_queue.Writer.TryWrite(new TelemetryWork(telemetry))) Interlocked.Decrement(ref _queuedWrites);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (true)
        {
            try
            {
                if (_behind)
                {
                    _behind = false;
                    CatchUpFromLog();
                }
                if (!await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false)) return;
                var batch = new List<(long, IReadOnlyList<TelemetryPoint>)>();
                while (batch.Count < 4096 && reader.TryPeek(out var next))
                {
                    if (next is not TelemetryWork data) break;
                    reader.TryRead(out _);
                    Interlocked.Decrement(ref _queuedWrites);
                    batch.AddRange(data.Writes);
                }
                if (batch.Count > 0)
                {
                    Evaluate(batch, batch[^1].Item1);
                    continue;
                }
                if (!reader.TryRead(out var work)) continue;
                switch (work)
                {
                    case FlushWork flush:
                        try
                        {
                            if (_behind)
                            {
                                _behind = false;
                                CatchUpFromLog();
                            }
                            SavePendingCursor();
                            flush.Done.TrySetResult();
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            // The caller hears of it; the loop goes on and reads what it missed from the log.
                            _behind = true;
                            flush.Done.TrySetException(e);
                        }
                        break;
                    case ResetWork reset:
                        try
                        {
                            reset.Done.TrySetResult(Reset(reset.TwinId, reset.Telemetry));
                        }
                        catch (Exception e)
                        {
                            reset.Done.TrySetException(e);
                        }
                        break;
                }
                LastError = null;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A store failure (disk full, locked database): what was not evaluated is read back from the log.
                LastError = $"{e.GetType().Name}: {e.Message}";
                _behind = true;
                try
                {
                    await Task.Delay(_options.RetryDelay, _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                if (reader.Completion.IsCompleted) TrySavePendingCursor();
            }
        }
    }

    /// <summary>Evaluates the telemetry writes the log holds beyond the position, page by page; returns the readings judged.</summary>
    private int CatchUpFromLog()
    {
        var judged = 0;
        var cursor = Cursor();
        var target = _service.LastSequence;
        while (true)
        {
            var events = _service.History(new EventFilter(BranchInfo.Main, AfterSequence: cursor, UpToSequence: target,
                Limit: _options.CatchUpPage, Types: [nameof(TelemetryAppended)]));
            if (events.Count == 0) break;
            var writes = new List<(long, IReadOnlyList<TelemetryPoint>)>(events.Count);
            foreach (var e in events)
            {
                var points = new List<TelemetryPoint>();
                TelemetrySource[] only = [new(e.Branch, e.Sequence, e.Sequence - 1)];
                foreach (var twin in TwinsOf(e))
                    points.AddRange(_service.Store.ReadTelemetry(only, twin, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
                writes.Add((e.Sequence, points));
            }
            judged += Evaluate(writes, events[^1].Sequence);
            cursor = events[^1].Sequence;
        }
        if (target > cursor) SaveCursor(target);
        SavePendingCursor();
        return judged;
    }

    private static IEnumerable<string> TwinsOf(StoredEvent e)
    {
        using var doc = JsonDocument.Parse(e.Payload);
        if (!doc.RootElement.TryGetProperty("twins", out var twins)) return e.TwinId is null ? [] : [e.TwinId];
        return [.. twins.EnumerateArray().Select(t => t.GetString()).OfType<string>()];
    }

    private long Cursor()
    {
        if (_cursor < 0) _cursor = Store.Cursor;
        return _cursor;
    }

    /// <summary>
    /// Moves the position on. It is stored when series were stored with it, else at most once a second (each series
    /// remembers the writes it judged, so a position stored late only makes a restart read a little more of the log).
    /// </summary>
    private void SaveCursor(long sequence, bool now = true)
    {
        if (sequence <= Cursor()) return;
        _cursor = sequence;
        var clock = _time.GetUtcNow();
        if (!now && clock - _cursorSaved < TimeSpan.FromSeconds(1))
        {
            _unsavedCursor = sequence;
            return;
        }
        Store.SaveCursor(sequence);
        _cursorSaved = clock;
        _unsavedCursor = -1;
    }

    private void TrySavePendingCursor()
    {
        try
        {
            SavePendingCursor();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Stopping: the series hold what they judged, so a restart only reads a little more of the log.
            LastError = $"{e.GetType().Name}: {e.Message}";
        }
    }

    private void SavePendingCursor()
    {
        if (_unsavedCursor < 0) return;
        Store.SaveCursor(_unsavedCursor);
        _cursorSaved = _time.GetUtcNow();
        _unsavedCursor = -1;
    }

    private abstract record Work;

    private sealed record TelemetryWork(List<(long Sequence, IReadOnlyList<TelemetryPoint> Points)> Writes) : Work;

    private sealed record FlushWork(TaskCompletionSource Done) : Work;

    private sealed record ResetWork(string TwinId, string? Telemetry, TaskCompletionSource<IReadOnlyList<DriftSeries>> Done) : Work;

    private sealed record WakeWork : Work;
}
