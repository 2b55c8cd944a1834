using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Server.Events;
using TwinLab.Server.Experiments;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;
using TwinLab.Simulation.Reports;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Server;

/// <summary>
/// <c>/experiments</c> (a TwinLab extension): submit a scenario file, follow it, cancel it, fetch its results and report.
/// Experiments run in the background from a bounded queue through <see cref="BranchExperiment"/>, the path
/// <c>twinlab run</c> takes, so a result is the same whichever started it. An experiment's id is the submission's id
/// while the server remembers it; every stored result (also those of <c>twinlab run</c>) is an experiment too, under its
/// result id.
/// </summary>
public static class ExperimentsApi
{
    /// <summary>The error code of an unknown experiment or result (404).</summary>
    public const string ExperimentNotFound = "ExperimentNotFound";

    /// <summary>The error code of results asked for before the experiment finished (409).</summary>
    public const string ExperimentNotFinished = "ExperimentNotFinished";

    /// <summary>The error code of an experiment that finished without a result: failed, or cancelled before it started (409).</summary>
    public const string ResultNotAvailable = "ResultNotAvailable";

    /// <summary>The error code of a cancel of an experiment that has already finished (409).</summary>
    public const string ExperimentFinished = "ExperimentFinished";

    /// <summary>The error code of a submission refused because the queue is full (503, with <c>Retry-After</c>).</summary>
    public const string ExperimentQueueFull = "ExperimentQueueFull";

    /// <summary>Registers the experiment queue and its background runner (settings under <c>TwinLab:Experiments</c>).</summary>
    public static WebApplicationBuilder AddTwinLabExperiments(this WebApplicationBuilder builder, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => ExperimentSettings.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<ExperimentQueue>();
        builder.Services.AddSingleton<StoredResults>();
        builder.Services.AddHostedService<ExperimentRunnerService>();
        return builder;
    }

    /// <summary>Maps the experiment endpoints.</summary>
    public static RouteGroupBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        // Submitting needs EXECUTE on the branch the experiment runs on; an experiment is readable by its submitter and by
        // callers with READ on that branch, and answered 404 to anyone else.
        var api = app.MapAdtGroup("/experiments").WithTags("Experiments").RequireAccess(AccessScope.Handler);
        api.MapPost("/", SubmitExperiment).WithName("SubmitExperiment")
            .WithSummary("Queues a scenario file (application/yaml or application/json; ?seed=, ?branch=, ?threads=); 202 with the experiment (TwinLab extension)");
        api.MapGet("/", ListExperiments).WithName("ListExperiments")
            .WithSummary("Lists the experiments, newest first: those queued, running or recently finished, and every stored result (TwinLab extension)");
        api.MapGet("/{id}", GetExperiment).WithName("GetExperiment")
            .WithSummary("An experiment's status and progress, by experiment id or result id (TwinLab extension)");
        api.MapPost("/{id}/cancel", CancelExperiment).WithName("CancelExperiment")
            .WithSummary("Stops an experiment; the finished replications are kept as a cancelled result (TwinLab extension)");
        api.MapDelete("/{id}", CancelExperiment).WithName("DeleteExperiment")
            .WithSummary("Same as POST /experiments/{id}/cancel (TwinLab extension)");
        api.MapGet("/{id}/results", GetResults).WithName("GetExperimentResults")
            .WithSummary("The experiment's results.json, as 'twinlab run' writes it (TwinLab extension)");
        api.MapGet("/{id}/report", GetReport).WithName("GetExperimentReport")
            .WithSummary("The experiment's self-contained HTML report (TwinLab extension)");
        return api;
    }

    internal static async Task<Results<Accepted<JsonObject>, ExperimentError>> SubmitExperiment(
        HttpContext http, ExperimentQueue queue, TwinService service, SimulatorCatalog catalog, IConfiguration configuration, CancellationToken cancel)
    {
        var query = http.Request.Query;
        var seed = Whole(query["seed"].ToString(), "seed", 0, ulong.MaxValue);
        var threads = Whole(query["threads"].ToString(), "threads", 1, int.MaxValue);
        var scenario = await ScenarioRequest.ReadAsync(http.Request, catalog, cancel);
        if (seed is { } s) scenario = scenario with { Seed = s };
        var branch = query["branch"].ToString() is { Length: > 0 } b ? b : scenario.Twin.Branch;
        if (!service.Branches.Any(x => x.Name == branch))
            throw new TwinLabException(BranchesApi.BranchNotFound, $"Branch '{branch}' not found; GET /branches lists them.");
        AccessDenied.Unless(http.Access().OnBranch(Core.Security.Permissions.Execute, branch), Core.Security.Permissions.Execute, $"branch '{branch}' (to run an experiment on it)");
        // The simulator sees the whole branch, and its results can tell about every twin on it: running one needs READ on
        // all of them too.
        if (!http.Access().IsUnrestricted && http.View(service.SnapshotOf(branch)) is { ReadsWholeSnapshot: false } partial)
            throw new TwinLabException(AccessDenied.Forbidden,
                $"An experiment forks the whole branch '{branch}' and its simulator sees every twin on it, but the caller may not READ " +
                $"{partial.Snapshot.Twins.Count - partial.Visible.Twins.Count} of its {partial.Snapshot.Twins.Count} twins; run it on a branch holding only twins the caller may read.");
        if (scenario.Twin.AtSequence is { } at && at > service.LastSequence)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"twin: at {at} is beyond the end of the history (the last sequence number is {service.LastSequence}).");
        var max = queue.Settings.MaxThreads;
        var job = new ExperimentJob(Guid.NewGuid().ToString("N"), scenario, branch, (int)Math.Min(threads ?? (ulong)max, (ulong)max),
            http.Actor(), (http.RequestServices.GetService<EventStreamOptions>() ?? EventStreamOptions.From(configuration)).OriginOf(http),
            queue.Time.GetUtcNow());
        if (!queue.TryEnqueue(job))
            return new ExperimentError(StatusCodes.Status503ServiceUnavailable, ExperimentQueueFull,
                $"{queue.Settings.QueueCapacity} experiments are already waiting to run; try again later.", queue.Settings.RetryAfterSeconds);
        return TypedResults.Accepted(Location(job.Id), ExperimentJson.Resource(job.View()));
    }

    internal static Ok<JsonObject> ListExperiments(ExperimentQueue queue, StoredResults stored, HttpContext http)
    {
        var views = queue.All.Select(j => j.View()).ToList();
        var remembered = views.Select(v => v.ResultId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        views.AddRange(stored.All().Where(v => !remembered.Contains(v.Id)));
        views.RemoveAll(v => !CanRead(http, v));
        return TypedResults.Ok(new JsonObject
        {
            ["value"] = new JsonArray([.. views.OrderByDescending(v => v.Submitted).Select(v => (JsonNode)ExperimentJson.Resource(v))]),
            ["nextLink"] = null,
        });
    }

    internal static Results<Ok<JsonObject>, ExperimentError> GetExperiment(string id, ExperimentQueue queue, StoredResults stored, HttpContext http) =>
        Find(id, queue, stored, http) is { } view ? TypedResults.Ok(ExperimentJson.Resource(view)) : NotFound(id);

    internal static Results<Accepted<JsonObject>, ExperimentError> CancelExperiment(string id, ExperimentQueue queue, StoredResults stored, HttpContext http)
    {
        if (Find(id, queue, stored, http) is not { } view) return NotFound(id);
        if (view.SubmittedBy != http.Actor())
            AccessDenied.Unless(http.Access().OnBranch(Core.Security.Permissions.Execute, view.Branch), Core.Security.Permissions.Execute, $"branch '{view.Branch}' (to cancel another's experiment)");
        if (queue.Find(id) is not { } job)
            return stored.Find(id) is null ? NotFound(id) : AlreadyFinished(id);
        return queue.Cancel(job) ? TypedResults.Accepted(Location(id), ExperimentJson.Resource(job.View())) : AlreadyFinished(id);
    }

    internal static Results<ContentHttpResult, ExperimentError> GetResults(string id, ExperimentQueue queue, StoredResults stored, HttpContext http) =>
        ResultJson(id, queue, stored, http, out var error) is { } json ? TypedResults.Text(json, "application/json; charset=utf-8") : error!;

    internal static Results<ReportResult, ExperimentError> GetReport(string id, ExperimentQueue queue, StoredResults stored, HttpContext http) =>
        ResultJson(id, queue, stored, http, out var error) is { } json
            ? new ReportResult(ReportWriter.RenderHtml(ResultsJson.Deserialize(json)))
            : error!;

    /// <summary>The report's Content-Security-Policy: it is self-contained (inline styles and SVG, no scripts), so it may
    /// load nothing and run nothing.</summary>
    internal const string ReportPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    /// <summary>The stored results of experiment <paramref name="id"/>, or <c>null</c> with the error to answer.</summary>
    private static string? ResultJson(string id, ExperimentQueue queue, StoredResults stored, HttpContext http, out ExperimentError? error)
    {
        error = null;
        var view = Find(id, queue, stored, http);
        if (view is null)
        {
            error = NotFound(id);
            return null;
        }
        if (view.Status is ExperimentStatus.Queued or ExperimentStatus.Running)
        {
            error = new ExperimentError(StatusCodes.Status409Conflict, ExperimentNotFinished,
                $"Experiment '{id}' is still {ExperimentJson.StatusName(view.Status)}; GET /experiments/{id} shows its progress.");
            return null;
        }
        if (view.ResultId is not { } resultId)
        {
            error = new ExperimentError(StatusCodes.Status409Conflict, ResultNotAvailable, view.Status == ExperimentStatus.Failed
                ? $"Experiment '{id}' failed and has no results: {view.Error}"
                : $"Experiment '{id}' was cancelled before it started and has no results.");
            return null;
        }
        var json = stored.Json(resultId);
        if (json is null) error = new ExperimentError(StatusCodes.Status404NotFound, ExperimentNotFound, $"The results of experiment '{id}' ({resultId}) have been deleted.");
        return json;
    }

    /// <summary>The experiment, or <c>null</c> when there is none or the caller may not read it (the same 404 either way).</summary>
    private static ExperimentView? Find(string id, ExperimentQueue queue, StoredResults stored, HttpContext http) =>
        (queue.Find(id)?.View() ?? stored.Find(id)) is { } view && CanRead(http, view) ? view : null;

    private static bool CanRead(HttpContext http, ExperimentView view)
    {
        var service = http.RequestServices.GetRequiredService<TwinService>();
        return ExperimentAccess.CanRead(http.Access(), http.Actor(), view, b => service.HasBranch(b) ? http.View(service.SnapshotOf(b)) : null);
    }

    private static string Location(string id) => $"/experiments/{Uri.EscapeDataString(id)}";

    private static ExperimentError NotFound(string id) =>
        new(StatusCodes.Status404NotFound, ExperimentNotFound, $"No experiment or result '{id}'; GET /experiments lists them.");

    private static ExperimentError AlreadyFinished(string id) =>
        new(StatusCodes.Status409Conflict, ExperimentFinished, $"Experiment '{id}' has already finished; there is nothing to cancel.");

    private static ulong? Whole(string text, string name, ulong min, ulong max)
    {
        if (text.Length == 0) return null;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"{name} must be a whole number{(min > 0 ? $" of at least {min}" : " ≥ 0")}, not '{text}'.");
    }

    /// <summary>The HTML report, with headers that keep a browser from sniffing it or letting it load or run anything.</summary>
    internal sealed class ReportResult(string html) : IResult
    {
        /// <summary>The page.</summary>
        public string Html { get; } = html;

        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentSecurityPolicy = ReportPolicy;
            headers.XContentTypeOptions = "nosniff";
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(Html);
        }
    }

    /// <summary>An error in ADT's shape, <c>{"error": {"code", "message"}}</c> with <c>x-ms-error-code</c> (and <c>Retry-After</c> when given).</summary>
    internal sealed class ExperimentError(int status, string code, string message, int? retryAfterSeconds = null) : IResult
    {
        /// <summary>The HTTP status.</summary>
        public int Status { get; } = status;

        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (retryAfterSeconds is { } seconds) httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return AdtError.WriteAsync(httpContext.Response, Status, code, message);
        }
    }
}
