using TwinLab.Sync.Drift;

namespace TwinLab.Server.Drift;

/// <summary>Runs the server's <see cref="DriftMonitor"/> for the server's lifetime, and logs the monitor's failures.</summary>
internal sealed class DriftMonitorService(DriftMonitor monitor, ILogger<DriftMonitorService> logger) : BackgroundService
{
    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        monitor.Start();
        return base.StartAsync(cancellationToken);
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
        await base.StopAsync(cancellationToken);
        await monitor.DisposeAsync();
    }
}
