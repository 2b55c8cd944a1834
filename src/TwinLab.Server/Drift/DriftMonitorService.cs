using TwinLab.Server.Hosting;
using TwinLab.Sync.Drift;

namespace TwinLab.Server.Drift;

/// <summary>Runs the server's <see cref="DriftMonitor"/> for the server's lifetime, and logs the monitor's failures.</summary>
/// <remarks>The monitor starts once this server holds the store's <see cref="IWorkLease"/> (at once over SQLite): with
/// several servers on one PostgreSQL store one of them judges drift, so each episode is recorded and published once. A
/// monitor, once started, runs until the server stops, even if its lease is lost to a failed connection (the monitor
/// cannot be restarted; its writes fail while the database is out of reach anyway).</remarks>
internal sealed class DriftMonitorService(DriftMonitor monitor, IWorkLease lease, ILogger<DriftMonitorService> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private bool _started;
    private bool _stopped;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lease.Changed += StartIfLeased;
        StartIfLeased();
        return base.StartAsync(cancellationToken);
    }

    private void StartIfLeased()
    {
        lock (_gate)
        {
            if (_started || _stopped || !lease.IsHeld) return;
            _started = true;
            monitor.Start();
        }
        logger.LogDebug("Drift monitor started ({Node} holds the work lease)", lease.Node);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? reported = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (monitor.LastError is { } error && error != reported)
                logger.LogWarning("Drift monitoring: {Error} (what was not judged is read back from the event log)", error);
            reported = monitor.LastError;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
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
        lease.Changed -= StartIfLeased;
        lock (_gate) _stopped = true;
        await base.StopAsync(cancellationToken);
        await monitor.DisposeAsync();
    }
}
