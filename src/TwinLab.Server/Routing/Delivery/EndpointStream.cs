using TwinLab.Core.Errors;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// <c>/events?endpoint=NAME</c>: the events an SSE endpoint receives — those that pass the filter of any route to it,
/// as the routes are at the moment of each event (a route added while the stream is open applies at once).
/// </summary>
internal static class EndpointStream
{
    /// <summary>The query parameter.</summary>
    public const string Parameter = "endpoint";

    /// <summary>The predicate of the <c>endpoint=</c> parameter of <paramref name="query"/>, or <c>null</c> when it has none.</summary>
    /// <exception cref="TwinLabException"><see cref="ErrorCodes.InvalidArgument"/>: the parameter is empty or repeated, names no
    /// endpoint, or an endpoint the server delivers to itself (webhook, MQTT).</exception>
    public static Func<TwinLabEvent, bool>? Filter(IQueryCollection query, EndpointStore endpoints, EventRouteStore routes)
    {
        if (!query.TryGetValue(Parameter, out var values)) return null;
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            throw new TwinLabException(ErrorCodes.InvalidArgument, "endpoint: give exactly one endpoint name, endpoint=NAME.");
        var name = values[0]!;
        var endpoint = endpoints.Find(name)
            ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"endpoint: there is no endpoint '{name}'; see GET /endpoints.");
        if (endpoint.IsDelivered)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"endpoint: '{name}' is a {endpoint.Type} endpoint, whose events the server delivers itself (see GET /endpoints/{name}); only sse endpoints stream on /events.");
        return e =>
        {
            foreach (var route in routes.Routes)
            {
                if (route.Route.EndpointName != name) continue;
                try
                {
                    if (route.Matches(e)) return true;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A filter that throws on an odd event lets it through to nobody; other routes still decide.
                }
            }
            return false;
        };
    }
}
