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
public sealed record EventRoute(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("endpointName")] string EndpointName,
    [property: JsonPropertyName("filter")] string Filter);

/// <summary>An event route with its filter compiled.</summary>
/// <param name="Route">The route.</param>
/// <param name="Filter">Its compiled filter.</param>
public sealed record CompiledEventRoute(EventRoute Route, RouteFilter Filter);

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

    /// <summary>Opens the routes kept in <paramref name="service"/>'s store.</summary>
    public EventRouteStore(TwinService service, TimeProvider? time = null)
    {
        _store = service.Store;
        _time = time ?? TimeProvider.System;
        foreach (var listed in _store.ListDocuments(DocumentKind))
        {
            if (_store.LoadDocument(DocumentKind, listed.Id) is not { } doc) continue;
            var route = JsonSerializer.Deserialize<EventRoute>(doc.Json);
            // A filter saved by an older, more lenient parser still loads; it just lets nothing through until fixed.
            var filter = RouteFilter.TryParse(route!.Filter, out var f, out _) ? f! : RouteFilter.Parse("false");
            _routes[route.Id] = new CompiledEventRoute(route, filter);
        }
    }

    /// <summary>Raised after a route is added, replaced or deleted.</summary>
    public event Action? Changed;

    /// <summary>Every route with its compiled filter, ordered by id.</summary>
    public IReadOnlyList<CompiledEventRoute> Routes => [.. _routes.Values.OrderBy(r => r.Route.Id, StringComparer.Ordinal)];

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
    public EventRoute Put(string id, string? endpointName, string? filter)
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
        var route = new EventRoute(id, endpointName, filter);
        lock (_gate)
        {
            _store.SaveDocument(new StoredDocument(DocumentKind, id, _time.GetUtcNow(), $"{endpointName}: {filter}", JsonSerializer.Serialize(route)));
            _routes[id] = new CompiledEventRoute(route, compiled);
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
        }
        Changed?.Invoke();
    }

    private static void CheckId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Any(c => char.IsControl(c) || c is '/' or '\\'))
            throw new TwinLabException(EventRouteIdInvalid,
                $"The event route id must be 1 to {MaxIdLength} characters without control characters, '/' or '\\'.");
    }

    private static TwinLabException NotFound(string id) =>
        new(EventRouteNotFound, $"There is no event route '{id}'. List the event routes with GET /eventroutes.");
}
