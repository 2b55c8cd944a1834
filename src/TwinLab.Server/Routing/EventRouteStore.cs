using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Routing;

/// <summary>An event route: events its filter lets through go to the named endpoint (as in Azure Digital Twins).</summary>
/// <param name="Id">The route id (unique, case-sensitive).</param>
/// <param name="EndpointName">The endpoint the events go to.</param>
/// <param name="Filter">The filter as written.</param>
/// <param name="CreatedBy">The policy subjects of whoever made the route over the API (TwinLab extension): it delivers
/// only events they may read at delivery time. <c>null</c> for a route made by the local CLI or in <c>--dev</c>, which
/// delivers everything its filter passes.</param>
public sealed record EventRoute(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("endpointName")] string EndpointName,
    [property: JsonPropertyName("filter")] string Filter,
    [property: JsonPropertyName("createdBy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? CreatedBy = null);

/// <summary>An event route with its filter compiled.</summary>
/// <param name="Route">The route.</param>
/// <param name="Filter">Its compiled filter.</param>
/// <param name="Audience">Whether the route's creator may read an event (see <see cref="EventRoute.CreatedBy"/>); <c>null</c>: everything.</param>
public sealed record CompiledEventRoute(EventRoute Route, RouteFilter Filter, Func<Events.TwinLabEvent, bool>? Audience = null)
{
    /// <summary>Whether the route delivers <paramref name="e"/>: its filter passes it and its creator may read it.</summary>
    public bool Matches(Events.TwinLabEvent e) => Filter.Matches(e) && (Audience is null || Audience(e));
}

/// <summary>
/// The event routes, kept as documents beside the twin graph (kind <see cref="DocumentKind"/>), so they survive a restart.
/// </summary>
/// <remarks>
/// Thread-safe. Routes are read from the store once and cached compiled, so delivery (see <see cref="Routes"/>) never
/// parses a filter. <see cref="Changed"/> tells a deliverer to pick up the new set.
/// </remarks>
public sealed class EventRouteStore
{
    /// <summary>The document kind routes are stored under.</summary>
    public const string DocumentKind = "eventroute";

    /// <summary>ADT's error code for an unknown route (404).</summary>
    public const string EventRouteNotFound = "EventRouteNotFound";

    /// <summary>ADT's error code for a filter that does not parse (400).</summary>
    public const string EventRouteFilterInvalid = "EventRouteFilterInvalid";

    /// <summary>ADT's error code for a missing or invalid endpoint name (400).</summary>
    public const string EventRouteEndpointInvalid = "EventRouteEndpointInvalid";

    /// <summary>ADT's error code for an invalid route id (400).</summary>
    public const string EventRouteIdInvalid = "EventRouteIdInvalid";

    /// <summary>Longest route id accepted.</summary>
    public const int MaxIdLength = 128;

    private readonly ITwinStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, CompiledEventRoute> _routes = new(StringComparer.Ordinal);
    // When each cached route's document was saved, so Reload sees what another process changed.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _saved = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<CompiledEventRoute>? _sorted;

    private readonly Func<IReadOnlyList<string>, Func<Events.TwinLabEvent, bool>>? _audience;

    /// <summary>Opens the routes kept in <paramref name="service"/>'s store.</summary>
    /// <param name="service">The twin service whose store holds the routes.</param>
    /// <param name="time">The clock.</param>
    /// <param name="audience">What a route's creator may read (the server's access policies); <c>null</c>: routes are not
    /// restricted by their creator (the CLI, which only manages routes).</param>
    public EventRouteStore(TwinService service, TimeProvider? time = null, Func<IReadOnlyList<string>, Func<Events.TwinLabEvent, bool>>? audience = null)
    {
        _store = service.Store;
        _time = time ?? TimeProvider.System;
        _audience = audience;
        foreach (var listed in _store.ListDocuments(DocumentKind)) Load(listed.Id);
    }

    private void Load(string id)
    {
        if (_store.LoadDocument(DocumentKind, id) is not { } doc) return;
        var route = JsonSerializer.Deserialize<EventRoute>(doc.Json);
        // A filter saved by an older, more lenient parser still loads; it just lets nothing through until fixed.
        var filter = RouteFilter.TryParse(route!.Filter, out var f, out _) ? f! : RouteFilter.Parse("false");
        _routes[route.Id] = Compiled(route, filter);
        _saved[route.Id] = doc.Created;
        _sorted = null;
    }

    /// <summary>
    /// Re-reads the routes from the store, picking up what another process (<c>twinlab routes</c>, a second server) added,
    /// replaced or deleted; raises <see cref="Changed"/> when anything did change. Route delivery calls it every poll.
    /// </summary>
    public void Reload()
    {
        var changed = false;
        lock (_gate)
        {
            var listed = _store.ListDocuments(DocumentKind).ToDictionary(d => d.Id, d => d.Created, StringComparer.Ordinal);
            foreach (var (id, saved) in listed)
            {
                // Within a millisecond: a store may keep times less precisely than they were given.
                if (_saved.TryGetValue(id, out var known) && Math.Abs((known - saved).Ticks) < TimeSpan.TicksPerMillisecond) continue;
                Load(id);
                changed = true;
            }
            foreach (var id in _routes.Keys.Where(id => !listed.ContainsKey(id)).ToList())
            {
                _routes.TryRemove(id, out _);
                _saved.TryRemove(id, out _);
                _sorted = null;
                changed = true;
            }
        }
        if (changed) Changed?.Invoke();
    }

    /// <summary>Raised after a route is added, replaced or deleted.</summary>
    public event Action? Changed;

    /// <summary>Every route with its compiled filter, ordered by id.</summary>
    public IReadOnlyList<CompiledEventRoute> Routes
    {
        get
        {
            // Cached (delivery and /events?endpoint= read it per event); rebuilt under the lock that every change clears it under.
            if (_sorted is { } sorted) return sorted;
            lock (_gate) return _sorted ??= [.. _routes.Values.OrderBy(r => r.Route.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Every route, ordered by id.</summary>
    public IReadOnlyList<EventRoute> List() => [.. Routes.Select(r => r.Route)];

    /// <summary>A route, or <c>null</c>.</summary>
    public EventRoute? Find(string id) => _routes.TryGetValue(id, out var r) ? r.Route : null;

    /// <summary>A route.</summary>
    /// <exception cref="TwinLabException"><see cref="EventRouteNotFound"/>.</exception>
    public EventRoute Get(string id) => Find(id) ?? throw NotFound(id);

    /// <summary>Adds or replaces a route after checking its id, endpoint name and filter.</summary>
    /// <exception cref="TwinLabException"><see cref="EventRouteIdInvalid"/>, <see cref="EventRouteEndpointInvalid"/> or
    /// <see cref="EventRouteFilterInvalid"/> (its message says where the filter is wrong).</exception>
    public EventRoute Put(string id, string? endpointName, string? filter, IReadOnlyList<string>? createdBy = null)
    {
        CheckId(id);
        if (string.IsNullOrWhiteSpace(endpointName))
            throw new TwinLabException(EventRouteEndpointInvalid, "endpointName is required and must not be empty.");
        if (filter is null)
            throw new TwinLabException(EventRouteFilterInvalid, "filter is required; use 'true' to route every event or 'false' to route none.");
        RouteFilter compiled;
        try
        {
            compiled = RouteFilter.Parse(filter);
        }
        catch (TwinLabException e)
        {
            throw new TwinLabException(EventRouteFilterInvalid, e.Message);
        }
        // As in ADT: a route may only name an endpoint that exists.
        if (_store.LoadDocument(Delivery.EndpointStore.DocumentKind, endpointName) is null)
            throw new TwinLabException(EventRouteEndpointInvalid,
                $"The endpoint '{endpointName}' does not exist; create it first (PUT /endpoints/{endpointName}, or 'twinlab endpoints add {endpointName} --webhook URL | --mqtt URL --topic T | --sse').");
        var route = new EventRoute(id, endpointName, filter, createdBy);
        lock (_gate)
        {
            var saved = _time.GetUtcNow();
            _store.SaveDocument(new StoredDocument(DocumentKind, id, saved, $"{endpointName}: {filter}", JsonSerializer.Serialize(route)));
            _routes[id] = Compiled(route, compiled);
            _saved[id] = saved;
            _sorted = null;
        }
        Changed?.Invoke();
        return route;
    }

    /// <summary>Deletes a route.</summary>
    /// <exception cref="TwinLabException"><see cref="EventRouteNotFound"/>.</exception>
    public void Delete(string id)
    {
        lock (_gate)
        {
            if (!_routes.ContainsKey(id)) throw NotFound(id);
            _store.DeleteDocument(DocumentKind, id);
            _routes.TryRemove(id, out _);
            _saved.TryRemove(id, out _);
            _sorted = null;
        }
        Changed?.Invoke();
    }

    private CompiledEventRoute Compiled(EventRoute route, RouteFilter filter) =>
        new(route, filter, route.CreatedBy is { } subjects && _audience is not null ? _audience(subjects) : null);

    private static void CheckId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Any(c => char.IsControl(c) || c is '/' or '\\'))
            throw new TwinLabException(EventRouteIdInvalid,
                $"The event route id must be 1 to {MaxIdLength} characters without control characters, '/' or '\\'.");
    }

    private static TwinLabException NotFound(string id) =>
        new(EventRouteNotFound, $"There is no event route '{id}'. List the event routes with GET /eventroutes.");
}
