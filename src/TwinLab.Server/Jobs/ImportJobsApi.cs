using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;
using TwinLab.Server.Jobs;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary>
/// <c>/jobs/imports</c>: ADT's bulk import jobs (create, get, list paged, cancel, delete), run by
/// <see cref="ImportJobService"/>; and <c>/blobs/{name}</c> (a TwinLab extension) to put an input file into the import
/// folder and read an output log back.
/// </summary>
public static class ImportJobsApi
{
    /// <summary>Twins or relationships per write when <c>TwinLab:ImportBatchSize</c> is not set.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>
    /// Registers the import folder (<c>TwinLab:ImportDirectory</c>, default <c>imports</c> beside the database) and the
    /// import job runner (a hosted service; <c>TwinLab:ImportBatchSize</c> twins or relationships per transaction).
    /// </summary>
    public static WebApplicationBuilder AddTwinLabJobs(this WebApplicationBuilder builder, ServerSettings settings)
    {
        var configured = builder.Configuration["TwinLab:ImportDirectory"];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.DbPath))!, "imports")
            : Path.GetFullPath(configured);
        if (ImportFolderGuard.RefusalReason(directory, settings) is { } refused) throw new InvalidOperationException(refused);
        var batchSize = builder.Configuration.GetValue("TwinLab:ImportBatchSize", DefaultBatchSize);
        builder.Services.AddSingleton(_ => new ImportFolder(directory));
        builder.Services.AddSingleton(sp => new ImportJobService(sp.GetRequiredService<TwinService>(), sp.GetRequiredService<ImportFolder>(), batchSize,
            sp.GetRequiredService<ILogger<ImportJobService>>(), sp.GetService<TimeProvider>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportJobService>());
        return builder;
    }

    /// <summary>Maps the import job and blob endpoints.</summary>
    public static WebApplication MapImportJobsApi(this WebApplication app)
    {
        var jobs = app.MapAdtGroup("/jobs/imports").WithTags("Jobs");
        jobs.MapGet("/", ListImportJobs).WithName("ListImportJobs").WithSummary("Lists the import jobs, paged by nextLink");
        jobs.MapPut("/{id}", AddImportJob).WithName("AddImportJob").WithSummary("Creates an import job ({inputBlobUri, outputBlobUri}) and queues it");
        jobs.MapGet("/{id}", GetImportJob).WithName("GetImportJob").WithSummary("Gets an import job");
        jobs.MapDelete("/{id}", DeleteImportJob).WithName("DeleteImportJob").WithSummary("Deletes an import job that is not running");
        jobs.MapPost("/{id}/cancel", CancelImportJob).WithName("CancelImportJob").WithSummary("Cancels an import job (it stops after the batch being written)");

        var blobs = app.MapAdtGroup("/blobs").WithTags("Jobs");
        blobs.MapPut("/{**name}", PutBlob).WithName("PutBlob").WithSummary("Stores a file in the import folder, e.g. an NDJSON import input (TwinLab extension; at most 256 MB)");
        blobs.MapGet("/{**name}", GetBlob).WithName("GetBlob").WithSummary("Reads a file from the import folder, e.g. an import job's output log (TwinLab extension)");
        return app;
    }

    /// <summary>Jobs per page when the client asks for no size.</summary>
    internal const int DefaultPageSize = 1000;

    internal static async Task<ContentHttpResult> AddImportJob(string id, ImportJobService jobs, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel);
        if (body.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.ValidationFailed, "The body must be a JSON object {\"inputBlobUri\": \"...\", \"outputBlobUri\": \"...\"}.");
        var job = jobs.Create(id, RequestJson.OptionalString(body, "inputBlobUri", ErrorCodes.ValidationFailed),
            RequestJson.OptionalString(body, "outputBlobUri", ErrorCodes.ValidationFailed), request.HttpContext.Actor());
        return TypedResults.Text(job.ToJson().ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
    }

    internal static ContentHttpResult GetImportJob(string id, ImportJobService jobs) =>
        TypedResults.Text(jobs.Get(id).ToJson().ToJsonString(), "application/json");

    internal static ContentHttpResult CancelImportJob(string id, ImportJobService jobs) =>
        TypedResults.Text(jobs.Cancel(id).ToJson().ToJsonString(), "application/json");

    internal static NoContent DeleteImportJob(string id, ImportJobService jobs)
    {
        jobs.Delete(id);
        return TypedResults.NoContent();
    }

    internal static ContentHttpResult ListImportJobs(string? continuationToken, ImportJobService jobs, HttpRequest request) =>
        TypedResults.Text(Paging.Page(jobs.List(), j => j.Id, j => j.ToJson(), continuationToken, request, DefaultPageSize).ToJsonString(),
            "application/json");

    internal static async Task<Created<JsonObject>> PutBlob(string name, ImportFolder folder, HttpRequest request, CancellationToken cancel)
    {
        var path = folder.ResolveName(name);
        if (request.ContentLength > ImportFolder.MaxBlobBytes)
            throw new BadHttpRequestException($"The blob is larger than {ImportFolder.MaxBlobBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);
        // Kestrel's default body limit (30 MB) is below what an import may need; WriteAsync enforces the blob limit itself.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = ImportFolder.MaxBlobBytes + 1;
        var length = await folder.WriteAsync(path, request.Body, cancel);
        var stored = folder.NameOf(path);
        return TypedResults.Created($"/blobs/{stored}", new JsonObject { ["name"] = stored, ["length"] = length });
    }

    internal static IResult GetBlob(string name, ImportFolder folder)
    {
        var path = folder.ResolveName(name);
        if (!File.Exists(path)) throw new TwinLabException(ImportFolder.BlobNotFound, $"There is no blob '{name}' in the import folder.");
        var type = path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? "application/x-ndjson" : "application/octet-stream";
        return TypedResults.PhysicalFile(path, type);
    }
}
