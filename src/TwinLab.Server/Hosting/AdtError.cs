using TwinLab.Core.Errors;

namespace TwinLab.Server.Hosting;

/// <summary>Azure Digital Twins' error body, <c>{"error": {"code", "message"}}</c>.</summary>
internal sealed record AdtError(AdtErrorDetail Error)
{
    /// <summary>The HTTP status ADT answers with for a TwinLab error code.</summary>
    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.DigitalTwinNotFound or ErrorCodes.TargetTwinNotFound or ErrorCodes.ModelNotFound or ErrorCodes.RelationshipNotFound
            or ComponentsApi.ComponentNotFound or BranchesApi.BranchNotFound or Routing.EventRouteStore.EventRouteNotFound
            or Jobs.ImportJobService.ImportJobNotFound or Jobs.ImportFolder.BlobNotFound
            or ClusterApi.ClusterExperimentNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.ModelAlreadyExists or ErrorCodes.TwinAlreadyExists
            or ErrorCodes.ModelReferencesNotDeleted or BranchesApi.BranchAlreadyExists or BranchesApi.MergeConflict
            or ClusterApi.ClusterExperimentNotFinished or ErrorCodes.ConcurrentWrite or Drift.DriftApi.NotLeaseHolder => StatusCodes.Status409Conflict,
        ErrorCodes.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        Security.AccessDenied.Forbidden => StatusCodes.Status403Forbidden,
        PoliciesApi.PolicyNotFound => StatusCodes.Status404NotFound,
        RequestLimits.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Writes the error with its status and the <c>x-ms-error-code</c> header.</summary>
    public static Task WriteAsync(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.Headers["x-ms-error-code"] = code;
        return response.WriteAsJsonAsync(new AdtError(new AdtErrorDetail(code, message)));
    }
}

/// <summary>The inner part of <see cref="AdtError"/>.</summary>
internal sealed record AdtErrorDetail(string Code, string Message);
