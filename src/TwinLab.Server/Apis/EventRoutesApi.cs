using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
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
            sp.GetRequiredService<TwinLab.Core.Application.TwinService>(), sp.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>Maps the event route endpoints.</summary>
    public static WebApplication MapEventRoutesApi(this WebApplication app)
    {
        var api = app.MapAdtGroup("/eventroutes").WithTags("EventRoutes");
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
        routes.Put(id, OptionalString(body, "endpointName", EventRouteStore.EventRouteEndpointInvalid),
            OptionalString(body, "filter", EventRouteStore.EventRouteFilterInvalid));
        return TypedResults.NoContent();
    }

    internal static NoContent DeleteEventRoute(string id, EventRouteStore routes)
    {
        routes.Delete(id);
        return TypedResults.NoContent();
    }

    internal static ContentHttpResult ListEventRoutes(string? continuationToken, EventRouteStore routes, HttpRequest request)
    {
        var after = continuationToken is null ? null : Paging.DecodeToken(continuationToken);
        var size = PageSize(request, DefaultPageSize);
        var candidates = routes.List().Where(r => after is null || string.CompareOrdinal(r.Id, after) > 0).Take(size + 1).ToArray();
        var page = candidates.Take(size).ToArray();
        var body = new JsonObject
        {
            ["value"] = JsonSerializer.SerializeToNode(page),
            ["nextLink"] = candidates.Length > size ? Paging.NextLink(request, Paging.EncodeToken(page[^1].Id)) : null,
        };
        return TypedResults.Text(body.ToJsonString(), "application/json");
    }

    /// <summary>
    /// The page size a client asked for: the 2023-10-31 API's <c>max-items-per-page</c> header, else the older
    /// <c>x-ms-max-item-count</c>; at most <paramref name="max"/>.
    /// </summary>
    internal static int PageSize(HttpRequest request, int max)
    {
        var header = request.Headers["max-items-per-page"].ToString();
        if (header.Length == 0) return Paging.PageSize(request, max);
        if (!int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"max-items-per-page must be a positive integer, not '{header}'.");
        return Math.Min(n, max);
    }

    private static string? OptionalString(JsonElement body, string name, string code)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new TwinLabException(code, $"{name} must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.");
        return value.GetString();
    }
}
