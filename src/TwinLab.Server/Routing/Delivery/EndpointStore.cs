using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// The endpoints event routes deliver to, kept as documents beside the twin graph (kind <see cref="DocumentKind"/>), so
/// the server and the <c>twinlab endpoints</c> verbs share them, and a running server picks up what another process
/// changed within a poll interval.
/// </summary>
/// <remarks>Thread-safe: every call reads or writes the store, which serialises its own access.</remarks>
public sealed class EndpointStore(ITwinStore store, TimeProvider? time = null)
{
    /// <summary>The document kind endpoints are stored under.</summary>
    public const string DocumentKind = "endpoint";

    /// <summary>Error code of an unknown endpoint (404).</summary>
    public const string EndpointNotFound = "EndpointNotFound";

    /// <summary>Error code of an invalid endpoint definition (400).</summary>
    public const string EndpointInvalid = "EndpointInvalid";

    /// <summary>Error code of a deletion refused because routes still name the endpoint (400, as ADT refuses deleting a
    /// twin that still has relationships).</summary>
    public const string EndpointInUse = "EndpointInUse";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The underlying store.</summary>
    public ITwinStore Store => store;

    /// <summary>Raised after this instance added, replaced or deleted an endpoint.</summary>
    public event Action? Changed;

    /// <summary>Every endpoint, ordered by name.</summary>
    public IReadOnlyList<EndpointDefinition> List() =>
        [.. store.ListDocuments(DocumentKind).Select(d => Find(d.Id)).OfType<EndpointDefinition>().OrderBy(e => e.Name, StringComparer.Ordinal)];

    /// <summary>An endpoint, or <c>null</c>.</summary>
    public EndpointDefinition? Find(string name) =>
        store.LoadDocument(DocumentKind, name) is { } doc ? JsonSerializer.Deserialize<EndpointDefinition>(doc.Json) : null;

    /// <summary>An endpoint.</summary>
    /// <exception cref="TwinLabException"><see cref="EndpointNotFound"/>.</exception>
    public EndpointDefinition Get(string name) => Find(name) ?? throw NotFound(name);

    /// <summary>Adds or replaces an endpoint after checking it (<see cref="EndpointValidation.Check"/>).</summary>
    /// <returns>The endpoint as stored (with <see cref="EndpointDefinition.Updated"/>).</returns>
    /// <exception cref="TwinLabException"><see cref="EndpointInvalid"/>, naming the field.</exception>
    public EndpointDefinition Put(EndpointDefinition endpoint)
    {
        var stored = EndpointValidation.Check(endpoint) with { Updated = _time.GetUtcNow() };
        store.SaveDocument(new StoredDocument(DocumentKind, stored.Name, stored.Updated!.Value, $"{stored.Type} {stored.Target}", JsonSerializer.Serialize(stored)));
        Changed?.Invoke();
        return stored;
    }

    /// <summary>Deletes an endpoint that no route names.</summary>
    /// <exception cref="TwinLabException"><see cref="EndpointNotFound"/>, or <see cref="EndpointInUse"/> naming the routes.</exception>
    public void Delete(string name)
    {
        if (Find(name) is null) throw NotFound(name);
        var routes = RoutesTo(name);
        if (routes.Count > 0)
            throw new TwinLabException(EndpointInUse,
                $"The endpoint '{name}' is used by the event route{(routes.Count == 1 ? "" : "s")} {string.Join(", ", routes.Select(r => $"'{r.Id}'"))}; delete or re-point {(routes.Count == 1 ? "it" : "them")} first (DELETE /eventroutes/ID).");
        store.DeleteDocument(DocumentKind, name);
        Changed?.Invoke();
    }

    /// <summary>The routes that name <paramref name="name"/>, read from the store (so routes made by any process count).</summary>
    public IReadOnlyList<EventRoute> RoutesTo(string name) => [.. StoredRoutes(store).Where(r => r.EndpointName == name)];

    /// <summary>Every route in <paramref name="store"/>, ordered by id.</summary>
    internal static IEnumerable<EventRoute> StoredRoutes(ITwinStore store) =>
        store.ListDocuments(EventRouteStore.DocumentKind)
            .Select(d => store.LoadDocument(EventRouteStore.DocumentKind, d.Id))
            .OfType<StoredDocument>()
            .Select(d => JsonSerializer.Deserialize<EventRoute>(d.Json)!)
            .OrderBy(r => r.Id, StringComparer.Ordinal);

    private static TwinLabException NotFound(string name) =>
        new(EndpointNotFound, $"There is no endpoint '{name}'. List the endpoints with GET /endpoints or 'twinlab endpoints list'.");
}
