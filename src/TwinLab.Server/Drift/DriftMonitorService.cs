using TwinLab.Server.Hosting;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Sync.Drift;

namespace TwinLab.Server.Drift;

/// <summary>Runs the server's <see cref="DriftMonitor"/> while this server holds the store's work lease, and logs the
/// monitor's failures.</summary>
/// <remarks>
/// With several servers on one PostgreSQL store one of them judges drift, so each episode is recorded and published once.
/// The monitor starts once this server holds the <see cref="IWorkLease"/> (at once over SQLite), stops when the lease is
/// lost (another server then judges from the position stored in the store) and starts again, from the stored position,
/// when it is regained: the series' state lives in the store, and each series remembers the last write it judged, so a
/// hand-over neither loses nor repeats a reading. Resets are refused on a server without the lease
/// (<see cref="DriftApi.NotLeaseHolder"/>).
/// </remarks>
internal sealed class DriftMonitorService(DriftMonitor monitor, IWorkLease lease, ILogger<DriftMonitorService> logger, TimeProvider? time = null)
    : BackgroundService
{
    private readonly WakeSignal _leaseChanged = new();
    private readonly SemaphoreSlim _switch = new(1, 1);
    private bool _stopped;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        lease.Changed += _leaseChanged.Set;
        // At once when the lease is held now (always over SQLite), so the monitor runs when the server answers.
        await FollowLeaseAsync();
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Starts or stops the monitor to match the lease (one switch at a time).</summary>
    private async Task FollowLeaseAsync()
    {
        await _switch.WaitAsync();
        try
        {
            if (_stopped) return;
            var held = lease.IsHeld;
            if (held && !monitor.IsRunning)
            {
                monitor.Start();
                logger.LogInformation("Drift monitor started ({Node} holds the work lease)", lease.Node);
            }
            else if (!held && monitor.IsRunning)
            {
                await monitor.StopAsync();
                logger.LogInformation("Drift monitor stopped ({Node} lost the work lease; the holder judges drift now)", lease.Node);
            }
        }
        finally
        {
            _switch.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? reported = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowLeaseAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Drift monitor: could not follow the work lease; trying again");
            }
            if (monitor.LastError is { } error && error != reported)
                logger.LogWarning("Drift monitoring: {Error} (what was not judged is read back from the event log)", error);
            reported = monitor.LastError;
            try
            {
                await _leaseChanged.WaitAsync(TimeSpan.FromSeconds(5), time ?? TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        lease.Changed -= _leaseChanged.Set;
        await _switch.WaitAsync(cancellationToken);
        try
        {
            _stopped = true;
        }
        finally
        {
            _switch.Release();
        }
        await base.StopAsync(cancellationToken);
        await monitor.DisposeAsync();
    }
}
