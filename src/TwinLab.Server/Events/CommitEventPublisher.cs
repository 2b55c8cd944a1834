using System.Threading.Channels;
using TwinLab.Core.Application;

namespace TwinLab.Server.Events;

/// <summary>
/// Publishes every committed write's changes to the <see cref="EventHub"/> as ADT-shaped events.
/// </summary>
/// <remarks>
/// <see cref="TwinService.Committed"/> is raised under the write lock, so the handler only notes the write and who made it
/// (the request's host and trace context) and queues it; building the JSON happens on this service's own loop, in commit
/// order. With nobody subscribed, writes are not even queued: a stream that resumes reads the event log instead.
/// </remarks>
internal sealed class CommitEventPublisher(TwinService service, EventHub hub, EventStreamOptions options, IHttpContextAccessor http,
    ILogger<CommitEventPublisher> logger) : BackgroundService
{
    private readonly Channel<(CommittedWrite Write, EventOrigin Origin)> _queue =
        Channel.CreateUnbounded<(CommittedWrite, EventOrigin)>(new UnboundedChannelOptions { SingleReader = true });

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        service.Committed += OnCommitted;
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        service.Committed -= OnCommitted;
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private void OnCommitted(CommittedWrite write)
    {
        if (hub.SubscriberCount == 0) return;
        _queue.Writer.TryWrite((write, options.OriginOf(http.HttpContext)));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (write, origin) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                foreach (var e in GraphEventMapper.Map(write, origin)) hub.Publish(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One write's events are lost to live streams (a resumed stream still gets them from the log); the next write's are not.
                logger.LogError(e, "Could not publish the events of the write at sequence {Sequence} on branch {Branch}", write.FirstSequence, write.Branch);
            }
        }
    }
}
