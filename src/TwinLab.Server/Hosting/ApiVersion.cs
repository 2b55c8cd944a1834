namespace TwinLab.Server.Hosting;

/// <summary>The <c>api-version</c> query parameter: required, and one of the published ADT data-plane versions.</summary>
internal static class ApiVersion
{
    /// <summary>The versions served.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal) { "2020-10-31", "2022-05-31", "2023-10-31" };

    /// <summary>Rejects a request whose <c>api-version</c> is missing or unsupported, as ADT does.</summary>
    public static async ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var version = request.Query["api-version"].ToString();
        if (version.Length == 0)
        {
            await AdtError.WriteAsync(context.HttpContext.Response, StatusCodes.Status400BadRequest, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.");
            return Results.Empty;
        }
        if (!Supported.Contains(version))
        {
            await AdtError.WriteAsync(context.HttpContext.Response, StatusCodes.Status400BadRequest, "UnsupportedApiVersion",
                $"The HTTP resource that matches the request URI '{request.Path}' does not support the API version '{version}'. Supported versions: {string.Join(", ", Supported)}.");
            return Results.Empty;
        }
        return await next(context);
    }

    /// <summary>A route group under <paramref name="prefix"/> with the version check applied, and the required
    /// <c>api-version</c> parameter in the OpenAPI document of each of its endpoints.</summary>
    public static RouteGroupBuilder MapAdtGroup(this IEndpointRouteBuilder app, string prefix)
    {
        // The access check runs after the version check, before any endpoint filter of the group or endpoint.
        var group = app.MapGroup(prefix).AddEndpointFilter(Check).AddEndpointFilter(Security.AccessFilter.Check);
        group.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == "api-version")) return Task.CompletedTask;
            var schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Enum = [] };
            foreach (var v in Supported.Order(StringComparer.Ordinal)) schema.Enum.Add(System.Text.Json.Nodes.JsonValue.Create(v));
            operation.Parameters.Insert(0, new Microsoft.OpenApi.OpenApiParameter
            {
                Name = "api-version",
                In = Microsoft.OpenApi.ParameterLocation.Query,
                Required = true,
                Description = "The ADT data-plane API version.",
                Schema = schema,
            });
            return Task.CompletedTask;
        });
        return group;
    }
}
