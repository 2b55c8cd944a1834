using TwinLab.Server.Hosting;
using TwinLab.Sync.Connections;

namespace TwinLab.Server.Sync;

/// <summary>Runs the database's connections for as long as the server runs: started with the server, and on shutdown
/// stopped after what they received is committed and acknowledged.</summary>
/// <remarks>
/// The sources (MQTT subscriptions, watched folders) run only while this server holds the store's
/// <see cref="IWorkLease"/> (always over SQLite): with several servers on one PostgreSQL store, the others keep the manager
/// on standby (<see cref="ConnectionManager.SetActiveAsync"/>), and the one that takes the lease over starts the sources,
/// from the broker's persistent session and the folders' stored checkpoints. A server that loses the lease stops its
/// sources the same way a pause does, so the broker keeps what was not acknowledged for the next holder.
/// </remarks>
internal sealed class ConnectionManagerService(ConnectionManager manager, IWorkLease lease, ILogger<ConnectionManagerService> logger) : IHostedService
{
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _follow;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lease.Changed += Signal;
        await manager.SetActiveAsync(lease.IsHeld, cancellationToken);
        await manager.StartAsync(cancellationToken);
        var count = manager.Connections.List().Count;
        if (count > 0)
        {
            if (manager.IsActive) logger.LogInformation("Running {Count} connection(s)", count);
            // Not "on standby": a lone server has usually not taken the lease yet this early, and takes it at its first try.
            else logger.LogInformation("{Count} connection(s) wait for the work lease: this server ({Node}) runs their sources once it holds it", count, lease.Node);
        }
        _follow = Task.Run(() => FollowAsync(_stop.Token), CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lease.Changed -= Signal;
        await _stop.CancelAsync();
        if (_follow is not null) await _follow;
        await manager.DisposeAsync();
    }

    /// <summary>Raised on the lease's thread, which must not wait for sources to stop: the follower does that.</summary>
    private void Signal() => _changed.Release();

    /// <summary>Brings the manager in line with the lease after each change (reading the lease anew, so changes that come
    /// in quick succession end in the last one).</summary>
    private async Task FollowAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await _changed.WaitAsync(stop);
                await manager.SetActiveAsync(lease.IsHeld, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A poll of the store that failed while starting: the next poll of the manager starts what is missing.
                logger.LogWarning(e, "Following the work lease with the connections failed");
            }
        }
    }
}
