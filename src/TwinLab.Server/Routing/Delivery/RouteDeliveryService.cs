using System.Collections.Concurrent;
using TwinLab.Core.Application;
using TwinLab.Server.Events;
using TwinLab.Server.Hosting;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// Durable delivery of event routes: one <see cref="RouteWorker"/> per route whose endpoint is a webhook or an MQTT broker,
/// each following main's event log and the outbox from its own saved cursor. Routes to an SSE endpoint need no worker:
/// <c>/events?endpoint=NAME</c> streams them.
/// </summary>
/// <remarks>
/// <para>Every poll interval (and at once when this process changes a route or an endpoint) the set of workers is
/// brought in line with the routes and endpoints in the store, so changes made by <c>twinlab endpoints</c>,
/// <c>twinlab routes</c> or another server are picked up too; outbox events every route has passed are deleted.</para>
/// <para>A commit wakes the workers from <see cref="TwinService.Committed"/>, which is raised under the write lock: the
/// handler only sets a signal, and the workers read the log on their own threads.</para>
/// <para>Workers run only while this server holds the store's <see cref="IWorkLease"/>: with several servers on one
/// PostgreSQL store one of them delivers, each event once; the others take over (from the cursors saved in the store)
/// when it goes. Over SQLite the lease is always held.</para>
/// </remarks>
internal sealed class RouteDeliveryService : BackgroundService
{
    private readonly TwinService _service;
    private readonly EventRouteStore _routes;
    private readonly EndpointStore _endpoints;
    private readonly DeliveryStateStore _states;
    private readonly RoutedEventOutbox _outbox;
    private readonly RouteDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RouteDeliveryService> _log;
    private readonly IWorkLease _lease;
    private readonly DeliveryContext _context;
    private readonly ConcurrentDictionary<string, RouteWorker> _workers = new(StringComparer.Ordinal);
    private readonly WakeSignal _reconcile = new();
    private readonly SemaphoreSlim _reconciling = new(1, 1);

    // Serialises recording where a new route starts with forgetting the states of routes that are gone: a reconcile that
    // began before a route was added must not take the route's fresh state for a deleted route's and drop it (its first
    // events were then never delivered).
    private readonly Lock _statesGate = new();

    /// <summary>Creates the service; it starts with the host. <paramref name="senders"/> makes the sender of an endpoint
    /// (default: webhook or MQTT by its type); <paramref name="lease"/> says whether this server delivers (default: always).</summary>
    public RouteDeliveryService(TwinService service, EventRouteStore routes, EndpointStore endpoints, DeliveryStateStore states,
        RoutedEventOutbox outbox, DeadLetterStore deadLetters, Func<EventOrigin> origin, RouteDeliveryOptions options, TimeProvider time,
        ILogger<RouteDeliveryService> log, Func<EndpointDefinition, IEndpointSender>? senders = null, IWorkLease? lease = null)
    {
        _lease = lease ?? new ProcessLease();
        _service = service;
        _routes = routes;
        _endpoints = endpoints;
        _states = states;
        _outbox = outbox;
        _options = options;
        _time = time;
        _log = log;
        _context = new DeliveryContext(service, states, outbox, deadLetters, origin, time, options, log, senders ?? Sender);
    }

    /// <summary>Test hook: runs inside a reconcile after the workers were matched to the routes it read and before states
    /// of gone routes are forgotten (where a route added concurrently used to lose its start).</summary>
    internal Action? BeforeForgetting { get; set; }

    /// <summary>The routes being delivered now (tests, diagnostics).</summary>
    internal IReadOnlyCollection<string> ActiveRoutes => [.. _workers.Keys];

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _routes.Changed += OnRoutesChanged;
        _endpoints.Changed += _reconcile.Set;
        _lease.Changed += _reconcile.Set;
        if (_options.Enabled)
        {
            _service.Committed += OnCommitted;
            _outbox.Enqueued += WakeAll;
        }
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _service.Committed -= OnCommitted;
        _outbox.Enqueued -= WakeAll;
        _routes.Changed -= OnRoutesChanged;
        _endpoints.Changed -= _reconcile.Set;
        _lease.Changed -= _reconcile.Set;
        await base.StopAsync(cancellationToken);
        await _reconciling.WaitAsync(CancellationToken.None);
        try
        {
            foreach (var id in _workers.Keys.ToList())
                if (_workers.TryRemove(id, out var worker)) await worker.DisposeAsync();
        }
        finally
        {
            _reconciling.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.LogError(e, "Could not bring route delivery in line with the routes and endpoints; trying again");
            }
            try
            {
                await _reconcile.WaitAsync(_options.PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>A commit (under the write lock): wake every worker, nothing more.</summary>
    private void OnCommitted(CommittedWrite write)
    {
        if (write.Branch == Core.History.BranchInfo.Main) WakeAll();
    }

    /// <summary>Wakes every worker (a commit, an outbox event; tests after moving a fake clock).</summary>
    internal void WakeAll()
    {
        foreach (var worker in _workers.Values) worker.Wake();
    }

    /// <summary>A route was added, replaced or deleted in this process: start a new route's delivery at the current end of
    /// the log right away (before any later commit), and reconcile soon.</summary>
    private void OnRoutesChanged()
    {
        try
        {
            if (_options.Enabled) BeginNewRoutes();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogWarning(e, "Could not record where new event routes start");
        }
        _reconcile.Set();
    }

    private void BeginNewRoutes()
    {
        lock (_statesGate)
        {
            var delivered = DeliveredEndpointNames();
            foreach (var route in _routes.Routes)
                if (delivered.Contains(route.Route.EndpointName) && _states.Find(route.Route.Id) is null)
                    _states.Begin(route.Route.Id, _service.LastSequence, _outbox.LastId(), _time.GetUtcNow());
        }
    }

    /// <summary>Starts, updates and stops workers to match the routes and endpoints in the store; cleans the outbox.</summary>
    internal async Task ReconcileAsync(CancellationToken cancel)
    {
        await _reconciling.WaitAsync(cancel);
        try
        {
            _routes.Reload();
            // Without the lease another server delivers: run no worker, and leave the outbox to the holder.
            var delivering = _options.Enabled && _lease.IsHeld;
            var endpoints = _endpoints.List().ToDictionary(e => e.Name, StringComparer.Ordinal);
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var route in _routes.Routes)
            {
                endpoints.TryGetValue(route.Route.EndpointName, out var endpoint);
                if (endpoint is { IsDelivered: false } || !delivering) continue;
                wanted.Add(route.Route.Id);
                if (_workers.TryGetValue(route.Route.Id, out var worker))
                {
                    worker.Assign(route, endpoint);
                    continue;
                }
                worker = new RouteWorker(_context, route, endpoint);
                _workers[route.Route.Id] = worker;
                worker.Start();
                _log.LogInformation("Delivering event route {Route} to endpoint {Endpoint}", route.Route.Id, route.Route.EndpointName);
            }
            await StopWorkersAsync(id => !wanted.Contains(id));
            if (!delivering) return;
            // A route deleted (or pointed at an SSE endpoint) while this reconcile ran still has its worker: stop it before
            // the route's position is forgotten. Left running, it saved its position back (the deleted state came back)
            // and went on for a route re-created under the same id, which then got events from before its creation.
            var deliveredNow = DeliveredEndpointNames();
            await StopWorkersAsync(id => !Delivers(id, deliveredNow));
            BeforeForgetting?.Invoke();
            ForgetGoneRoutesAndCleanOutbox();
        }
        finally
        {
            _reconciling.Release();
        }
    }

    /// <summary>
    /// A deleted route (or one now pointing at an SSE endpoint) forgets its position: re-created, it starts afresh. Then
    /// outbox events every remaining route has passed are deleted. Decided on the routes and endpoints as they are now,
    /// not as this reconcile first read them: a route added meanwhile keeps the state it began with.
    /// </summary>
    private void ForgetGoneRoutesAndCleanOutbox()
    {
        lock (_statesGate)
        {
            var delivered = DeliveredEndpointNames();
            var kept = new List<RouteDeliveryState>();
            foreach (var state in _states.List())
            {
                if (Delivers(state.RouteId, delivered)) kept.Add(state);
                else _states.Delete(state.RouteId);
            }
            var passed = kept.Count == 0 ? _outbox.LastId() : kept.Select(s => s.OutboxCursor).Min(StringComparer.Ordinal)!;
            if (passed.Length > 0) _outbox.DeleteUpTo(passed);
        }
    }

    /// <summary>The endpoints the server delivers to (webhook, MQTT; not SSE), as stored now.</summary>
    private HashSet<string> DeliveredEndpointNames() =>
        _endpoints.List().Where(e => e.IsDelivered).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the route exists now and points at one of the <paramref name="delivered"/> endpoints.</summary>
    private bool Delivers(string routeId, HashSet<string> delivered) =>
        _routes.Find(routeId) is { } route && delivered.Contains(route.EndpointName);

    /// <summary>Stops (and forgets) the workers of the routes <paramref name="stop"/> picks.</summary>
    private async Task StopWorkersAsync(Func<string, bool> stop)
    {
        foreach (var id in _workers.Keys.Where(stop).ToList())
            if (_workers.TryRemove(id, out var gone))
            {
                await gone.DisposeAsync();
                _log.LogInformation("Stopped delivering event route {Route}", id);
            }
    }

    private IEndpointSender Sender(EndpointDefinition endpoint) => endpoint.Type switch
    {
        EndpointTypes.Webhook => new WebhookSender(endpoint, _time),
        EndpointTypes.Mqtt => new MqttSender(endpoint),
        _ => throw new InvalidOperationException($"The {endpoint.Type} endpoint '{endpoint.Name}' is not delivered by the server."),
    };
}
