using System.Threading.Channels;
using TwinLab.Core.Application;

namespace TwinLab.Server.Events;

/// <summary>
/// Publishes every committed write's changes to the <see cref="EventHub"/> as ADT-shaped events.
/// </summary>
/// <remarks>
/// <see cref="TwinService.Committed"/> is raised under the write lock, so the handler only notes the write and who made it
/// (the request's host and trace context; no trace for another process's write, <see cref="CommittedWrite.Foreign"/>)
/// and queues it; building the JSON happens on this service's own loop, in commit order. With nobody subscribed, writes
/// are not even queued: a stream that resumes reads the event log instead.
/// The queue holds at most <see cref="DefaultCapacity"/> writes (each keeps its graph versions alive): when a fast writer
/// (an import) outruns it, the queued writes are dropped and every current subscriber is cut off with
/// <see cref="SubscriberLaggedException"/>, to resume from the event log with <c>Last-Event-ID</c>.
/// </remarks>
internal sealed class CommitEventPublisher : BackgroundService
{
    /// <summary>Committed writes queued for publication before subscribers are cut off.</summary>
    public const int DefaultCapacity = 1024;

    private readonly TwinService _service;
    private readonly EventHub _hub;
    private readonly EventStreamOptions _options;
    private readonly IHttpContextAccessor _http;
    private readonly ILogger<CommitEventPublisher> _logger;
    private readonly int _capacity;
    private readonly Channel<(CommittedWrite Write, EventOrigin Origin)> _queue;
    private bool _stopping;

    /// <summary>A publisher with a queue of <see cref="DefaultCapacity"/> writes.</summary>
    public CommitEventPublisher(TwinService service, EventHub hub, EventStreamOptions options, IHttpContextAccessor http,
        ILogger<CommitEventPublisher> logger) : this(service, hub, options, http, logger, DefaultCapacity)
    {
    }

    /// <summary>A publisher with a queue of <paramref name="capacity"/> writes (tests).</summary>
    internal CommitEventPublisher(TwinService service, EventHub hub, EventStreamOptions options, IHttpContextAccessor http,
        ILogger<CommitEventPublisher> logger, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _service = service;
        _hub = hub;
        _options = options;
        _http = http;
        _logger = logger;
        _capacity = capacity;
        // Not single-reader: an overflow drains it from the writing thread while the loop may be reading.
        _queue = Channel.CreateBounded<(CommittedWrite, EventOrigin)>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Writes queued now (tests).</summary>
    internal int QueuedCount => _queue.Reader.Count;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _service.Committed += OnCommitted;
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _service.Committed -= OnCommitted;
        Volatile.Write(ref _stopping, true);
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Queues a committed write (raised under the write lock, so it never waits).</summary>
    internal void OnCommitted(CommittedWrite write)
    {
        if (_hub.SubscriberCount == 0) return;
        if (_queue.Writer.TryWrite((write, OriginOf(write))) || Volatile.Read(ref _stopping)) return;
        // Full (or completed at shutdown): drop what is queued rather than hold more graph versions, and cut the live
        // streams off; they would miss these events otherwise, and resuming from the log gives them all.
        while (_queue.Reader.TryRead(out _)) { }
        _hub.DisconnectAll(new SubscriberLaggedException(_capacity));
        _logger.LogWarning("Live event streams fell more than {Capacity} writes behind; they were disconnected to resume from the event log", _capacity);
    }

    /// <summary>
    /// Who caused <paramref name="write"/>: the request being served for this server's own writes; for a write another
    /// process made (folded in by a catch-up, which may run at the start of an unrelated request) no trace context —
    /// that request did not cause it — and the same source as every other event.
    /// </summary>
    private EventOrigin OriginOf(CommittedWrite write)
    {
        var origin = _options.OriginOf(_http.HttpContext);
        return write.Foreign ? origin with { TraceParent = null } : origin;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (write, origin) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                foreach (var e in GraphEventMapper.Map(write, origin)) _hub.Publish(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One write's events are lost to live streams (a resumed stream still gets them from the log); the next write's are not.
                _logger.LogError(e, "Could not publish the events of the write at sequence {Sequence} on branch {Branch}", write.FirstSequence, write.Branch);
            }
        }
    }
}
