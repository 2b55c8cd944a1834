using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Jobs;

/// <summary>The states of an import job, as Azure Digital Twins names them.</summary>
public static class ImportJobStatus
{
    /// <summary>Queued behind another job.</summary>
    public const string NotStarted = "notstarted";
    /// <summary>Importing.</summary>
    public const string Running = "running";
    /// <summary>Stopped by a fatal error (unreadable input, models refused); see <see cref="ImportJob.Error"/>.</summary>
    public const string Failed = "failed";
    /// <summary>Finished; lines that could not be imported are listed in the output log.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Cancel requested; stops after the batch being written.</summary>
    public const string Cancelling = "cancelling";
    /// <summary>Stopped on request; batches written before stay (imports are not atomic, as in ADT).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether a job in <paramref name="status"/> is finished.</summary>
    public static bool IsTerminal(string status) => status is Failed or Succeeded or Cancelled;
}

/// <summary>An import job's error: <c>{code, message}</c>.</summary>
/// <param name="Code">The error code.</param>
/// <param name="Message">What went wrong, with the input line where it applies.</param>
public sealed record ImportJobError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

/// <summary>An import job: ADT's <c>ImportJob</c> (api-version 2023-10-31).</summary>
public sealed record ImportJob
{
    /// <summary>The job id.</summary>
    public required string Id { get; init; }
    /// <summary>The NDJSON input, as given (a name in the import folder, <c>file:///…</c> or <c>https://host/container/name</c>).</summary>
    public required string InputBlobUri { get; init; }
    /// <summary>Where the output log goes, as given.</summary>
    public required string OutputBlobUri { get; init; }
    /// <summary>One of <see cref="ImportJobStatus"/>.</summary>
    public required string Status { get; init; }
    /// <summary>When the job was created.</summary>
    public required DateTimeOffset CreatedDateTime { get; init; }
    /// <summary>When the job last did something (started, wrote a batch, changed status).</summary>
    public required DateTimeOffset LastActionDateTime { get; init; }
    /// <summary>When the job finished, or <c>null</c>.</summary>
    public DateTimeOffset? FinishedDateTime { get; init; }
    /// <summary>When the finished job is forgotten.</summary>
    public required DateTimeOffset PurgeDateTime { get; init; }
    /// <summary>Why the job failed, or <c>null</c>.</summary>
    public ImportJobError? Error { get; init; }

    /// <summary>The job in ADT's JSON shape.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["id"] = Id,
            ["inputBlobUri"] = InputBlobUri,
            ["outputBlobUri"] = OutputBlobUri,
            ["status"] = Status,
            ["createdDateTime"] = TwinJson.Format(CreatedDateTime),
            ["lastActionDateTime"] = TwinJson.Format(LastActionDateTime),
        };
        if (FinishedDateTime is { } f) o["finishedDateTime"] = TwinJson.Format(f);
        o["purgeDateTime"] = TwinJson.Format(PurgeDateTime);
        if (Error is { } e) o["error"] = new JsonObject { ["code"] = e.Code, ["message"] = e.Message };
        return o;
    }
}

/// <summary>A job as stored: the job and the key its batches' idempotency keys start with.</summary>
/// <remarks>The run key is fresh for every job created, so a job deleted and created again with the same id imports
/// again instead of finding its predecessor's batches already committed.</remarks>
/// <param name="Job">The job.</param>
/// <param name="RunKey">The key its batches' idempotency keys start with.</param>
/// <param name="Submitter">The history actor of the request that created the job (e.g. <c>api:alice</c>); its writes are
/// recorded as <c>SUBMITTER (import:JOBID)</c>. <c>null</c> for jobs stored before it was kept.</param>
internal sealed record StoredImportJob(ImportJob Job, string RunKey, string? Submitter = null);
