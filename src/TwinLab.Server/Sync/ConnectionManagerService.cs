using TwinLab.Sync.Connections;

namespace TwinLab.Server.Sync;

/// <summary>Runs the database's connections for as long as the server runs: started with the server, and on shutdown
/// stopped after what they received is committed and acknowledged.</summary>
internal sealed class ConnectionManagerService(ConnectionManager manager, ILogger<ConnectionManagerService> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await manager.StartAsync(cancellationToken);
        var count = manager.Connections.List().Count;
        if (count > 0) logger.LogInformation("Running {Count} connection(s)", count);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await manager.DisposeAsync();
}
