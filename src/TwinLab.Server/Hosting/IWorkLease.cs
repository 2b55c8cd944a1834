namespace TwinLab.Server.Hosting;

/// <summary>
/// The right to do the work that must happen once per store however many servers serve it: delivering event routes
/// (each event reaches a webhook or broker once), judging drift (each episode recorded once) and running the sync
/// connections' sources (one MQTT client per connection and client id, one watcher per folder; see
/// <c>ConnectionManagerService</c>).
/// </summary>
/// <remarks>
/// Over SQLite one server serves a file, so it always holds the lease (<see cref="ProcessLease"/>). Over PostgreSQL
/// several servers may share one schema: one of them holds a session advisory lock (<see cref="PostgresLease"/>) and the
/// others try to take it every <see cref="ServerSettings.LeaseInterval"/>, taking over when the holder's connection
/// closes (it stopped, crashed or lost the network).
/// </remarks>
public interface IWorkLease
{
    /// <summary>Whether this server holds the lease now.</summary>
    bool IsHeld { get; }

    /// <summary>This server's name as the holder (host and process id).</summary>
    string Node { get; }

    /// <summary>Raised (on the lease's own thread) when this server takes or loses the lease.</summary>
    event Action? Changed;

    /// <summary>The holder's name as the database reports it now, or <c>null</c> when nobody holds it (or it cannot be read).</summary>
    string? Holder();
}
