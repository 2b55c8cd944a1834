using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// <c>/endpoints</c> (TwinLab extension; ADT keeps endpoints in its control plane): list (paged), read, add or replace and
/// delete the endpoints event routes deliver to, each with its delivery state (<c>delivery</c>: cursor, backlog, last
/// error, delivered and dead-lettered counts per route; <c>deliveredBy</c>: the server that holds the delivery lease,
/// see <see cref="IWorkLease"/>).
/// </summary>
internal static class EndpointsApi
{
    /// <summary>Endpoints per page when the client asks for no size.</summary>
    internal const int DefaultPageSize = 1000;

    /// <summary>Maps the endpoints.</summary>
    public static WebApplication Map(WebApplication app)
    {
        var api = app.MapAdtGroup("/endpoints").WithTags("Endpoints").AddEndpointFilter(NotFoundAs404);
        api.MapGet("/", ListEndpoints).WithName("ListEndpoints").WithSummary("Lists the endpoints with their delivery state, paged by nextLink (TwinLab extension)");
        api.MapGet("/{name}", GetEndpoint).WithName("GetEndpoint").WithSummary("Gets an endpoint with its delivery state (TwinLab extension)");
        api.MapPut("/{name}", PutEndpoint).WithName("PutEndpoint")
            .WithSummary("Adds or replaces an endpoint: {type: webhook|mqtt|sse, url, headers, contentMode, topic, qos, retry, …} (TwinLab extension)");
        api.MapDelete("/{name}", DeleteEndpoint).WithName("DeleteEndpoint").WithSummary("Deletes an endpoint no route uses (TwinLab extension)");
        return app;
    }

    internal static ContentHttpResult ListEndpoints(string? continuationToken, EndpointStore endpoints, DeliveryStateStore states,
        RoutedEventOutbox outbox, TwinService service, IWorkLease lease, HttpRequest request)
    {
        var last = service.LastSequence;
        var holder = lease.Holder();
        return TypedResults.Text(Paging.Page(endpoints.List(), e => e.Name, e => Json(e, endpoints, states, outbox, last, holder), continuationToken, request, DefaultPageSize)
            .ToJsonString(), "application/json");
    }

    internal static ContentHttpResult GetEndpoint(string name, EndpointStore endpoints, DeliveryStateStore states, RoutedEventOutbox outbox, TwinService service,
        IWorkLease lease) =>
        TypedResults.Text(Json(endpoints.Get(name), endpoints, states, outbox, service.LastSequence, lease.Holder()).ToJsonString(), "application/json");

    internal static async Task<ContentHttpResult> PutEndpoint(string name, EndpointStore endpoints, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        var stored = endpoints.Put(EndpointValidation.FromJson(body, name));
        return TypedResults.Text(stored.ToJson().ToJsonString(), "application/json");
    }

    internal static NoContent DeleteEndpoint(string name, EndpointStore endpoints)
    {
        endpoints.Delete(name);
        return TypedResults.NoContent();
    }

    private static JsonObject Json(EndpointDefinition endpoint, EndpointStore endpoints, DeliveryStateStore states, RoutedEventOutbox outbox, long last,
        string? holder)
    {
        var json = endpoint.ToJson();
        var delivery = EndpointDeliveryStatus.Of(endpoint, endpoints, states, outbox, last).ToJson();
        if (endpoint.IsDelivered) delivery["deliveredBy"] = holder;
        json["delivery"] = delivery;
        return json;
    }

    /// <summary>An unknown endpoint is a 404 in ADT's error shape (the shared error mapping answers 400 for codes it does not know).</summary>
    private static async ValueTask<object?> NotFoundAs404(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (TwinLabException e) when (e.Code == EndpointStore.EndpointNotFound && !context.HttpContext.Response.HasStarted)
        {
            await AdtError.WriteAsync(context.HttpContext.Response, StatusCodes.Status404NotFound, e.Code, e.Message);
            return Results.Empty;
        }
    }
}
