using System.Text.Json;
using TwinLab.Core.Errors;

namespace TwinLab.Server.Hosting;

/// <summary>Answers TwinLab errors and unreadable JSON in ADT's shape; anything else is a 500 without internals.</summary>
internal sealed class AdtErrorMiddleware(RequestDelegate next, ILogger<AdtErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
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
            await AdtError.WriteAsync(context.Response, e.StatusCode, ErrorCodes.InvalidArgument, e.Message);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await AdtError.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, "InternalServerError", "An internal error occurred.");
        }
    }
}
