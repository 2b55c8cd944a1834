using TwinLab.Core.Application;

namespace TwinLab.Server.Hosting;

/// <summary>
/// Folds other processes' writes to the server's store into its state every <see cref="ServerSettings.FollowInterval"/>
/// (<see cref="TwinService.CatchUp"/>), so a <c>twinlab</c> command run against the same database while the server runs
/// shows in its reads, and reaches its live stream (<c>/events</c>), routes and drift monitor as the server's own writes
/// do, without waiting for the server's next write.
/// </summary>
/// <remarks>When nothing was written a round costs one read of the log's head. A round that fails (the file busy past
/// SQLite's timeout, a malformed foreign event) is logged and tried again next round; the server keeps serving its
/// state meanwhile.</remarks>
internal sealed class StoreFollower(TwinService service, ServerSettings settings, TimeProvider time, ILogger<StoreFollower> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.FollowInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                var folded = service.CatchUp();
                if (folded > 0) logger.LogDebug("Folded {Count} events other processes wrote to the store", folded);
                failing = false;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Logged once per run of failures, not every half second.
                if (!failing) logger.LogWarning(e, "Could not read other processes' writes to the store; trying again every {Interval}", settings.FollowInterval);
                failing = true;
            }
        }
    }
}
