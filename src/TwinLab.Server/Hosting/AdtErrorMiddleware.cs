using System.Text.Json;
using TwinLab.Core.Errors;

namespace TwinLab.Server.Hosting;

/// <summary>
/// Answers TwinLab errors, unreadable JSON and bodyless error statuses (an unknown route, a wrong method, a body over
/// Kestrel's cap) in ADT's shape; anything else is a 500 without internals.
/// </summary>
internal sealed class AdtErrorMiddleware(RequestDelegate next, ILogger<AdtErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (IsBodylessError(context.Response)) await WriteForStatus(context);
        }
        catch (TwinLabException e) when (!context.Response.HasStarted)
        {
            await AdtError.WriteAsync(context.Response, AdtError.StatusFor(e.Code), e.Code, e.Message);
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            await AdtError.WriteAsync(context.Response, StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, $"The request body is not valid JSON: {e.Message}");
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? RequestLimits.PayloadTooLarge : ErrorCodes.InvalidArgument;
            await AdtError.WriteAsync(context.Response, e.StatusCode, code, e.Message);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await AdtError.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, "InternalServerError", "An internal error occurred.");
        }
    }

    /// <summary>An error status set without a body (routing's 404/405, Kestrel's 413, a bare <c>Results.StatusCode</c>).</summary>
    private static bool IsBodylessError(HttpResponse response) =>
        !response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null or 0 && response.ContentType is null;

    private static Task WriteForStatus(HttpContext context)
    {
        var request = context.Request;
        var status = context.Response.StatusCode;
        var (code, message) = status switch
        {
            StatusCodes.Status404NotFound => ("NotFound", $"No endpoint serves {request.Method} {request.Path}; see /docs for the API reference."),
            StatusCodes.Status405MethodNotAllowed => ("MethodNotAllowed", $"{request.Path} does not support {request.Method}; see /docs for the API reference."),
            StatusCodes.Status413PayloadTooLarge => (RequestLimits.PayloadTooLarge, "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => ("UnsupportedMediaType", $"The content type '{request.ContentType}' is not supported here."),
            StatusCodes.Status401Unauthorized => ("Unauthorized", "A valid bearer token is required."),
            StatusCodes.Status403Forbidden => ("Forbidden", "The caller is not allowed to do this."),
            StatusCodes.Status429TooManyRequests => ("TooManyRequests", "Too many requests; retry later."),
            >= 500 => ("InternalServerError", "An internal error occurred."),
            _ => ("BadRequest", "The request is not valid."),
        };
        // An endpoint that named its error code but wrote no body keeps its code.
        if (context.Response.Headers["x-ms-error-code"].ToString() is { Length: > 0 } named) code = named;
        return AdtError.WriteAsync(context.Response, status, code, message);
    }
}
