namespace TwinLab.Server.Dashboard;

/// <summary>
/// Serves the dashboard at <c>/dashboard/</c> (and sends <c>/</c> there). The files are public — they hold no data; every
/// request the page makes for data goes through the API with the user's token, so the dashboard sees exactly what its
/// user may see.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/dashboard";

    /// <summary>The page's Content-Security-Policy: only this server's own scripts, styles, images and API.</summary>
    internal const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Maps the dashboard's files and the redirect from <c>/</c>.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var assets = DashboardAssets.Load();
        app.MapGet("/", (HttpContext c) => Results.Redirect(c.Request.PathBase + Path + "/")).ExcludeFromDescription().AllowAnonymous();
        // Routing matches "/dashboard" and "/dashboard/" alike; only the latter makes the page's relative links work.
        app.MapGet(Path + "/{**path}", (HttpContext context, string? path) =>
        {
            if (string.IsNullOrEmpty(path) && !context.Request.Path.Value!.EndsWith('/'))
            {
                context.Response.Redirect(context.Request.PathBase + Path + "/");
                return Task.CompletedTask;
            }
            return Serve(context, assets, string.IsNullOrEmpty(path) ? "index.html" : path);
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static async Task Serve(HttpContext context, DashboardAssets assets, string path)
    {
        var response = context.Response;
        if (assets.Find(path) is not { } asset)
        {
            // In the API's error shape like every other 404 of the server (the name is JSON-encoded, never HTML).
            await Hosting.AdtError.WriteAsync(response, StatusCodes.Status404NotFound, "DashboardFileNotFound", $"No dashboard file '{path}'.");
            return;
        }
        var headers = response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } inm && inm.Split(',').Any(t => t.Trim() == asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = asset.ContentType;
        var body = asset.Content;
        if (asset.Gzip is { } gz && AcceptsGzip(context.Request))
        {
            headers.ContentEncoding = "gzip";
            body = gz;
        }
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Split(',').Any(e => e.Trim().StartsWith("gzip", StringComparison.OrdinalIgnoreCase)
            && !e.Replace(" ", "", StringComparison.Ordinal).EndsWith(";q=0", StringComparison.Ordinal)));
}
