using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
using TwinLab.Sync.Connections;

namespace TwinLab.Server.Sync;

/// <summary>Answers the connection and dead-letter error codes with their HTTP status, in ADT's error shape.</summary>
/// <remarks>An endpoint filter on the sync route groups, so the shared status table (<see cref="AdtError.StatusFor"/>) need not
/// know these codes.</remarks>
internal static class SyncErrors
{
    /// <summary>The HTTP status of a sync error code, or <c>null</c> for a code the shared table handles.</summary>
    public static int? StatusFor(string code) => code switch
    {
        ConnectionStore.ConnectionNotFound or DeadLetterReplay.DeadLetterNotFound => StatusCodes.Status404NotFound,
        ConnectionStore.ConnectionAlreadyExists or ConnectionManager.ConnectionPaused or ConnectionManager.ConnectionNotHttp
            or ConnectionManager.ConnectionNotRunning or DeadLetterReplay.DeadLetterNotReplayable => StatusCodes.Status409Conflict,
        NdjsonBody.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => null,
    };

    /// <summary>The endpoint filter.</summary>
    public static async ValueTask<object?> Translate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (TwinLabException e) when (StatusFor(e.Code) is { } status && !context.HttpContext.Response.HasStarted)
        {
            await AdtError.WriteAsync(context.HttpContext.Response, status, e.Code, e.Message);
            return Results.Empty;
        }
    }
}
