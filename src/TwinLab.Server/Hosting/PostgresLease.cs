using Npgsql;

namespace TwinLab.Server.Hosting;

/// <summary>
/// The work lease of a PostgreSQL store several servers share: a session advisory lock, held on a connection of its own
/// for as long as this server does the store's once-only work.
/// </summary>
/// <remarks>
/// <para>Every <see cref="ServerSettings.LeaseInterval"/> a server without the lease tries <c>pg_try_advisory_lock</c>,
/// and the holder checks its connection still answers. PostgreSQL releases a session lock when its connection ends, so
/// when the holder stops, is killed or its machine drops off the network the next try of another server takes over: at
/// once for a closed socket, after the TCP keepalives set on the session (about 25 s) for a silent peer.</para>
/// <para>The holder learns of its own loss only at its next check: up to one interval later, plus up to the check's
/// timeout (twice the interval in whole seconds, at least one) when the connection hangs rather than closes; then its workers stop
/// (sync connections take up to their drain timeout, 5 s, to do so). Meanwhile two servers may both work: delivery is at
/// least once across a hand-over (a receiver deduplicates by the CloudEvents <c>id</c>), never lossy, because each route
/// resumes from the cursor saved in the store; a connection's messages are kept once by their keys.</para>
/// <para>The lock key is (<see cref="LockClass"/>, a hash of the schema): advisory locks are per database, so servers of
/// different schemas in one database do not contend. The holder's connection is named <c>twinlab-lease HOST/PID</c>
/// (<c>application_name</c>), which is how <see cref="Holder"/> finds out who holds it.</para>
/// </remarks>
internal sealed class PostgresLease : BackgroundService, IWorkLease
{
    /// <summary>Advisory lock class of the work lease ("TWWL"), beside the store's schema-creation lock class.</summary>
    internal const int LockClass = 0x5457574C;

    private const string NamePrefix = "twinlab-lease ";

    private readonly string _leaseConnection;
    private readonly NpgsqlDataSource _probe;
    private readonly int _key;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresLease> _log;
    private NpgsqlConnection? _connection; // only the lease loop (then StopAsync) touches it
    private volatile bool _held;

    /// <summary>Creates the lease of <paramref name="settings"/>' schema; it is contended from the host's start.</summary>
    public PostgresLease(ServerSettings settings, TimeProvider time, ILogger<PostgresLease> log)
    {
        var connection = settings.PostgresConnection ?? throw new InvalidOperationException("A PostgreSQL lease needs a connection string.");
        _leaseConnection = new NpgsqlConnectionStringBuilder(connection)
        {
            ApplicationName = NamePrefix + Node,
            Pooling = false, // the connection is the lease: it must really close when given up
            KeepAlive = 10,
        }.ConnectionString;
        _probe = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection) { ApplicationName = "twinlab-lease-probe", MaxPoolSize = 2 });
        _key = Key(settings.PostgresSchema);
        _interval = settings.LeaseInterval;
        _time = time;
        _log = log;
    }

    /// <inheritdoc />
    public bool IsHeld => _held;

    /// <inheritdoc />
    public string Node { get; } = WorkLeaseNode.Name();

    /// <inheritdoc />
    public event Action? Changed;

    /// <summary>Raises <see cref="Changed"/>, each handler on its own: one that throws is logged, and neither stops the
    /// lease loop (and with it the host) nor keeps the others from hearing.</summary>
    private void Tell()
    {
        if (Changed is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action>())
        {
            try
            {
                handler();
            }
            catch (Exception e)
            {
                _log.LogError(e, "A work-lease change handler failed");
            }
        }
    }

    /// <inheritdoc />
    public string? Holder()
    {
        if (_held) return Node;
        try
        {
            using var connection = _probe.OpenConnection();
            using var cmd = new NpgsqlCommand("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND l.classid = $1::oid AND l.objid = $2::oid
                 LIMIT 1;
                """, connection);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)LockClass });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)_key });
            return cmd.ExecuteScalar() is string name ? name.StartsWith(NamePrefix, StringComparison.Ordinal) ? name[NamePrefix.Length..] : name : null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_held) await CheckAsync(stoppingToken);
                else await TryTakeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                await LoseAsync(e);
            }
            try
            {
                await Task.Delay(_interval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Closing the connection releases the lock: another server takes over at its next try.
        var was = _held;
        _held = false;
        if (_connection is { } connection) await connection.DisposeAsync();
        _connection = null;
        if (was) _log.LogInformation("Gave up the work lease (route delivery, drift, sync connections) of the PostgreSQL store");
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _connection?.Dispose();
        _probe.Dispose();
    }

    private async Task TryTakeAsync(CancellationToken cancel)
    {
        if (_connection is null)
        {
            var connection = new NpgsqlConnection(_leaseConnection);
            await connection.OpenAsync(cancel);
            _connection = connection;
            // The database side of the keepalives: a holder whose machine vanished is noticed and its lock released.
            try
            {
                await using var keep = new NpgsqlCommand("SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3;", connection);
                await keep.ExecuteNonQueryAsync(cancel);
            }
            catch (PostgresException e)
            {
                _log.LogDebug(e, "Could not set TCP keepalives on the lease connection");
            }
        }
        await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2);", _connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = LockClass });
        cmd.Parameters.Add(new NpgsqlParameter { Value = _key });
        if (await cmd.ExecuteScalarAsync(cancel) is not true) return;
        _held = true;
        _log.LogInformation("Took the work lease of the PostgreSQL store as {Node}: this server delivers event routes, judges drift and runs the sync connections", Node);
        Tell();
    }

    private async Task CheckAsync(CancellationToken cancel)
    {
        await using var cmd = new NpgsqlCommand("SELECT 1;", _connection) { CommandTimeout = Math.Max(1, (int)_interval.TotalSeconds * 2) };
        await cmd.ExecuteScalarAsync(cancel);
    }

    private async Task LoseAsync(Exception e)
    {
        var was = _held;
        _held = false;
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception dispose) when (dispose is NpgsqlException or IOException or TimeoutException)
            {
                _log.LogDebug(dispose, "Closing the broken lease connection failed");
            }
        }
        if (was)
        {
            _log.LogWarning(e, "Lost the work lease of the PostgreSQL store (its connection failed); stopping route delivery, drift and the sync connections, trying again every {Interval}", _interval);
            Tell();
        }
        else
        {
            _log.LogDebug(e, "Could not try the work lease of the PostgreSQL store; trying again");
        }
    }

    /// <summary>A stable, non-negative hash of the schema name (FNV-1a): the same key in every server and every run.</summary>
    internal static int Key(string schema)
    {
        var hash = 2166136261u;
        foreach (var c in schema)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return (int)(hash & 0x7FFFFFFF);
    }
}
