using System.Threading.Channels;
using TwinLab.Core.Audit;

namespace TwinLab.Server.Audit;

/// <summary>
/// The server's <see cref="IAuditLog"/>: entries go into a bounded in-memory channel and a background task appends them
/// to the <see cref="IAuditStore"/> in batches (one transaction each), so recording costs a request a few hundred
/// nanoseconds rather than a database commit.
/// </summary>
/// <remarks>
/// <para>When the store falls so far behind that <see cref="Capacity"/> entries wait, <see cref="Record"/> blocks until
/// there is room: requests slow down rather than go unrecorded. A batch that fails to append is retried (after
/// <see cref="RetryAfter"/>) and logged, never dropped. Stopping the host completes the channel and waits for everything
/// recorded before to be written; an entry recorded after that (a response that completes during shutdown) is appended
/// directly.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class AuditRecorder : IAuditLog, IHostedService
{
    /// <summary>Entries buffered at most before <see cref="Record"/> waits.</summary>
    public const int Capacity = 65_536;

    /// <summary>Entries appended in one transaction at most.</summary>
    public const int BatchSize = 2_000;

    /// <summary>How long a failed append waits before it is tried again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly IAuditStore _store;
    private readonly ILogger<AuditRecorder> _logger;
    private readonly Channel<AuditEntry> _channel = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _lateGate = new();
    private Task? _writer;
    private long _recorded;
    private long _written;

    /// <summary>A recorder writing to <paramref name="store"/>.</summary>
    public AuditRecorder(IAuditStore store, ILogger<AuditRecorder> logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <summary>The store written to (and read by the audit API).</summary>
    public IAuditStore Store => _store;

    /// <inheritdoc />
    public void Record(AuditEntry entry)
    {
        Interlocked.Increment(ref _recorded);
        if (_channel.Writer.TryWrite(entry)) return;
        try
        {
            _channel.Writer.WriteAsync(entry).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            // After StopAsync: nothing drains the channel any more, so write this one straight away.
            lock (_lateGate) _store.Append([entry]);
            Interlocked.Increment(ref _written);
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until everything recorded before the call is in the store, so a
    /// reader of the log sees the requests made just before its own.</summary>
    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var target = Interlocked.Read(ref _recorded);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref _written) < target && System.Diagnostics.Stopwatch.GetElapsedTime(started) < timeout && _writer is { IsCompleted: false })
            await Task.Delay(2, cancel);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoop, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_writer is { } writer) await writer.WaitAsync(cancellationToken);
    }

    private async Task WriteLoop()
    {
        var batch = new List<AuditEntry>(BatchSize);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < BatchSize && reader.TryRead(out var entry)) batch.Add(entry);
            while (true)
            {
                try
                {
                    lock (_lateGate) _store.Append(batch);
                    Interlocked.Add(ref _written, batch.Count);
                    break;
                }
                catch (Exception e) when (e is not ObjectDisposedException)
                {
                    _logger.LogError(e, "Could not append {Count} audit records; retrying in {Seconds} s", batch.Count, RetryAfter.TotalSeconds);
                    await Task.Delay(RetryAfter);
                }
            }
            batch.Clear();
        }
    }
}
