using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;
using TwinLab.Server.Routing;

namespace TwinLab.Server;

/// <summary>
/// <c>/eventroutes</c>: add or replace, read, list (paged) and delete event routes, as in Azure Digital Twins. Routes are
/// stored durably by <see cref="EventRouteStore"/>; their filters are checked with <see cref="RouteFilter"/>.
/// </summary>
public static class EventRoutesApi
{
    /// <summary>Registers <see cref="EventRouteStore"/>.</summary>
    public static WebApplicationBuilder AddTwinLabEventRoutes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventRouteStore>(sp => new EventRouteStore(
            sp.GetRequiredService<TwinLab.Core.Application.TwinService>(), sp.GetService<TimeProvider>(),
            subjects => sp.GetRequiredService<Security.EventAccess>().For(subjects, actor: null)));
        return builder;
    }

    /// <summary>Maps the event route endpoints.</summary>
    public static WebApplication MapEventRoutesApi(this WebApplication app)
    {
        // Any authenticated caller may manage routes: a route delivers only what its creator may read (recorded on it), so
        // it cannot export more than the caller could fetch itself. Replacing or deleting another's route needs ADMIN on *.
        var api = app.MapAdtGroup("/eventroutes").WithTags("EventRoutes").RequireAccess(Security.AccessScope.Handler);
        api.MapGet("/", ListEventRoutes).WithName("ListEventRoutes").WithSummary("Lists the event routes, paged by nextLink");
        api.MapGet("/{id}", GetEventRoute).WithName("GetEventRoute").WithSummary("Gets an event route");
        api.MapPut("/{id}", PutEventRoute).WithName("AddEventRoute").WithSummary("Adds or replaces an event route ({endpointName, filter})");
        api.MapDelete("/{id}", DeleteEventRoute).WithName("DeleteEventRoute").WithSummary("Deletes an event route");
        return app;
    }

    /// <summary>Routes per page when the client asks for no size.</summary>
    internal const int DefaultPageSize = 1000;

    internal static ContentHttpResult GetEventRoute(string id, EventRouteStore routes) =>
        TypedResults.Text(JsonSerializer.Serialize(routes.Get(id)), "application/json");

    internal static async Task<NoContent> PutEventRoute(string id, EventRouteStore routes, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        if (body.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be a JSON object {\"endpointName\": \"...\", \"filter\": \"...\"}.");
        var http = request.HttpContext;
        RequireOwnerOrAdmin(http, routes.Find(id));
        var access = http.Access();
        routes.Put(id, RequestJson.OptionalString(body, "endpointName", EventRouteStore.EventRouteEndpointInvalid),
            RequestJson.OptionalString(body, "filter", EventRouteStore.EventRouteFilterInvalid),
            access.IsUnrestricted ? null : Security.AccessControl.SubjectsOf(http.User));
        return TypedResults.NoContent();
    }

    internal static NoContent DeleteEventRoute(string id, EventRouteStore routes, HttpContext http)
    {
        RequireOwnerOrAdmin(http, routes.Find(id));
        routes.Delete(id);
        return TypedResults.NoContent();
    }

    /// <summary>A route made by someone else may only be replaced or deleted with ADMIN on <c>*</c>.</summary>
    private static void RequireOwnerOrAdmin(HttpContext http, EventRoute? route)
    {
        var access = http.Access();
        if (route is null || access.IsUnrestricted) return;
        if (route.CreatedBy is { } by && by.SequenceEqual(Security.AccessControl.SubjectsOf(http.User))) return;
        Security.AccessDenied.Unless(access.OnEverything(Core.Security.Permissions.Admin), Core.Security.Permissions.Admin, $"everything ('*'), to change event route '{route.Id}' made by someone else");
    }

    internal static ContentHttpResult ListEventRoutes(string? continuationToken, EventRouteStore routes, HttpRequest request) =>
        TypedResults.Text(Paging.Page(routes.List(), r => r.Id, r => JsonSerializer.SerializeToNode(r), continuationToken, request, DefaultPageSize)
            .ToJsonString(), "application/json");
}
