using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Core.Security;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary>
/// <c>/branches</c> (a TwinLab extension to the ADT API): create, list, diff, merge and discard copy-on-write forks of
/// the twin graph, calling the same <see cref="TwinService"/> methods as <c>twinlab branch</c>.
/// </summary>
public static class BranchesApi
{
    /// <summary>The error code of a branch that does not exist (404).</summary>
    public const string BranchNotFound = "BranchNotFound";

    /// <summary>The error code of a branch name already taken (409).</summary>
    public const string BranchAlreadyExists = "BranchAlreadyExists";

    /// <summary>The error code of a merge refused because both sides changed the same thing (409).</summary>
    public const string MergeConflict = "MergeConflict";

    /// <summary>Maps the branch endpoints.</summary>
    public static RouteGroupBuilder MapBranchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/branches").WithTags("Branches");
        api.RequireAccess(AccessScope.Branch, routeValue: "name");
        api.MapPost("/", CreateBranch).RequireAccess(AccessScope.Handler).WithName("CreateBranch").WithSummary("Forks a branch from another branch, now or at an earlier point (TwinLab extension)");
        api.MapGet("/", ListBranches).RequireAccess(AccessScope.Handler).WithName("ListBranches").WithSummary("Lists the branches, main first (TwinLab extension)");
        api.MapGet("/{name}/diff", DiffBranch).WithName("DiffBranch").WithSummary("What differs between a branch and its parent now (TwinLab extension)");
        api.MapPost("/{name}/merge", MergeBranch).RequireAccess(AccessScope.Branch, Permissions.Read, "name").WithName("MergeBranch").WithSummary("Applies a branch's changes to its parent; 409 with the conflicts if both changed the same thing (TwinLab extension)");
        api.MapDelete("/{name}", DiscardBranch).WithName("DiscardBranch").WithSummary("Deletes a branch with everything written on it (TwinLab extension)");
        return api;
    }

    internal static async Task<Results<Created<JsonObject>, ErrorResult>> CreateBranch(TwinService service, HttpRequest request, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        if (body.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be a JSON object: {\"name\": \"...\", \"from\": \"main\", \"at\": SEQ or \"ISO-TIME\"}.");
        var name = StringMember(body, "name") ?? throw new TwinLabException(ErrorCodes.InvalidArgument, "The body needs a \"name\" for the new branch.");
        var from = StringMember(body, "from") ?? BranchInfo.Main;
        var access = request.HttpContext.Access();
        AccessDenied.Unless(access.OnBranch(Permissions.Read, from), Permissions.Read, $"branch '{from}' (to fork from it)");
        AccessDenied.Unless(access.OnBranch(Permissions.Write, name), Permissions.Write, $"branch '{name}' (to create it)");
        if (Exists(service, name)) return new ErrorResult(StatusCodes.Status409Conflict, BranchAlreadyExists, $"Branch '{name}' already exists.");
        if (!Exists(service, from)) return NotFound(from);
        long? at = body.TryGetProperty("at", out var atValue) && atValue.ValueKind != JsonValueKind.Null
            ? PointInHistory(service, atValue.ValueKind == JsonValueKind.Number ? atValue.GetRawText() : atValue.ValueKind == JsonValueKind.String ? atValue.GetString()! : "", "at")
            : null;
        var info = service.CreateBranch(name, from, at);
        return TypedResults.Created($"/branches/{Uri.EscapeDataString(info.Name)}", BranchJson(info));
    }

    internal static Ok<JsonObject> ListBranches(TwinService service, HttpContext http) =>
        TypedResults.Ok(new JsonObject { ["value"] = new JsonArray([.. service.Branches.Where(b => http.Access().OnBranch(Permissions.Read, b.Name).Allowed).Select(b => (JsonNode)BranchJson(b))]) });

    internal static Results<Ok<JsonObject>, ErrorResult> DiffBranch(string name, string? against, TwinService service)
    {
        var info = service.Branches.FirstOrDefault(b => b.Name == name);
        if (info is null) return NotFound(name);
        if (against is { Length: > 0 } && info.Parent is { } parent && against != parent)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{name}' can only be compared with its parent '{parent}', not '{against}'.");
        return TypedResults.Ok(BranchDiffJson.ToJson(service.Diff(name)));
    }

    internal static Results<Ok<JsonObject>, ErrorResult> MergeBranch(string name, TwinService service, HttpContext http)
    {
        if (!Exists(service, name)) return NotFound(name);
        if (service.Branches.FirstOrDefault(b => b.Name == name)?.Parent is { } into)
            AccessDenied.Unless(http.Access().OnBranch(Permissions.Write, into), Permissions.Write, $"branch '{into}' (to merge into it)");
        try
        {
            // As with 'twinlab branch merge' without --actor, the merge's events carry the service's actor "merge:NAME".
            var m = service.Merge(name);
            return TypedResults.Ok(new JsonObject
            {
                ["branch"] = m.Branch,
                ["parent"] = m.Parent,
                ["twins"] = m.Twins,
                ["relationships"] = m.Relationships,
                ["telemetryPoints"] = m.TelemetryPoints,
                ["firstSequence"] = m.FirstSequence,
                ["lastSequence"] = m.LastSequence,
                ["applied"] = m.LastSequence >= m.FirstSequence,
            });
        }
        catch (MergeConflictException e)
        {
            var conflicts = new JsonArray([.. e.Conflicts.Select(c => (JsonNode)new JsonObject { ["entity"] = c.Entity, ["path"] = c.Path, ["reason"] = c.Reason })]);
            return new ErrorResult(StatusCodes.Status409Conflict, MergeConflict, e.Message, conflicts);
        }
    }

    internal static Results<NoContent, ErrorResult> DiscardBranch(string name, TwinService service)
    {
        if (!Exists(service, name)) return NotFound(name);
        service.DiscardBranch(name);
        return TypedResults.NoContent();
    }

    private static string? StringMember(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"\"{name}\" must be a string.");
    }

    private static bool Exists(TwinService service, string branch) => service.HasBranch(branch);

    private static ErrorResult NotFound(string branch) =>
        new(StatusCodes.Status404NotFound, BranchNotFound, $"Branch '{branch}' not found; GET /branches lists them.");

    /// <summary>
    /// A sequence number (0 to the last) or an ISO 8601 time (the last sequence committed at or before it), as the CLI's
    /// <c>--as-of</c> and <c>--at</c> take them.
    /// </summary>
    /// <exception cref="TwinLabException">Neither, or a sequence number beyond the log (InvalidArgument).</exception>
    internal static long PointInHistory(TwinService service, string text, string parameter)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            var last = service.LastSequence;
            if (sequence > last)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"{parameter}={sequence} is beyond the end of the history (the last sequence number is {last}).");
            return sequence;
        }
        if (text.StartsWith('-') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{parameter}={text}: sequence numbers start at 0.");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"{parameter}='{text}' is neither a sequence number nor an ISO 8601 time such as 2026-11-20T10:00:00Z.");
        return service.SequenceAt(time);
    }

    /// <summary>
    /// Endpoint filter for the <c>?branch=NAME</c> and <c>?asOf=SEQ|ISO-TIME</c> query parameters: an unknown branch is a
    /// 404 <c>BranchNotFound</c>; <c>asOf</c> is only for reads (<paramref name="read"/>: GETs and <c>POST /query</c>).
    /// </summary>
    internal static async ValueTask<object?> BranchAndAsOf(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool read)
    {
        var http = context.HttpContext;
        var service = http.RequestServices.GetRequiredService<TwinService>();
        var branch = http.Request.Query["branch"].ToString() is { Length: > 0 } b ? b : BranchInfo.Main;
        if (!Exists(service, branch))
        {
            await NotFound(branch).ExecuteAsync(http);
            return Results.Empty;
        }
        long? asOf = null;
        if (http.Request.Query["asOf"].ToString() is { Length: > 0 } text)
        {
            if (!read)
                throw new TwinLabException(ErrorCodes.InvalidArgument,
                    $"asOf reads the past and cannot be used with {http.Request.Method}; to change an earlier state, fork it: POST /branches {{\"name\": \"NAME\", \"at\": \"{text}\"}}.");
            asOf = PointInHistory(service, text, "asOf");
        }
        Security.AccessFilter.CheckBranch(http, branch, read);
        http.Items[BranchItem] = branch;
        http.Items[AsOfItem] = asOf;
        return await next(context);
    }

    /// <summary>
    /// Applies <see cref="BranchAndAsOf"/> to a twin endpoint and documents <c>branch</c> (and, on reads, <c>asOf</c>) in the
    /// OpenAPI document.
    /// </summary>
    internal static RouteHandlerBuilder WithBranchAndAsOf(this RouteHandlerBuilder endpoint, bool read) => endpoint
        .AddEndpointFilter((context, next) => BranchAndAsOf(context, next, read))
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(QueryParameter("branch", "TwinLab extension: the branch to work on (default main); unknown is 404 BranchNotFound."));
            if (read)
                operation.Parameters.Add(QueryParameter("asOf", "TwinLab extension: the state as of a sequence number or an ISO 8601 time."));
            return Task.CompletedTask;
        });

    /// <summary>Whether the request named a branch with <c>?branch=</c> (rather than working on main by default).</summary>
    internal static bool BranchGiven(HttpContext context) => context.Request.Query["branch"].ToString().Length > 0;

    /// <summary>A 404 BranchNotFound unless <paramref name="branch"/> exists (now).</summary>
    internal static void EnsureExists(TwinService service, string branch)
    {
        if (!Exists(service, branch))
            throw new TwinLabException(BranchNotFound, $"Branch '{branch}' not found; GET /branches lists them.");
    }

    private static Microsoft.OpenApi.OpenApiParameter QueryParameter(string name, string description) => new()
    {
        Name = name,
        In = Microsoft.OpenApi.ParameterLocation.Query,
        Required = false,
        Description = description,
        Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
    };

    private const string BranchItem = "TwinLab.Branch";
    private const string AsOfItem = "TwinLab.AsOf";

    /// <summary>The branch <see cref="BranchAndAsOf"/> resolved (main when not given).</summary>
    internal static string BranchOf(HttpContext context) => context.Items[BranchItem] as string ?? BranchInfo.Main;

    /// <summary>The sequence number <see cref="BranchAndAsOf"/> resolved from <c>asOf</c>, or <c>null</c> for the current state.</summary>
    internal static long? AsOfOf(HttpContext context) => context.Items[AsOfItem] as long?;

    private static JsonObject BranchJson(BranchInfo b) => new()
    {
        ["name"] = b.Name,
        ["parent"] = b.Parent,
        ["forkSequence"] = b.Parent is null ? null : b.ForkSequence,
        ["created"] = b.Parent is null ? null : TwinJson.Format(b.Created),
    };

    /// <summary>An error in ADT's shape, <c>{"error": {"code", "message"}}</c> with <c>x-ms-error-code</c>, plus merge conflicts when there are any.</summary>
    internal sealed class ErrorResult(int status, string code, string message, JsonArray? conflicts = null) : IResult
    {
        /// <summary>The HTTP status.</summary>
        public int Status { get; } = status;

        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (conflicts is null) return AdtError.WriteAsync(httpContext.Response, Status, code, message);
            httpContext.Response.StatusCode = Status;
            httpContext.Response.Headers["x-ms-error-code"] = code;
            var body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["conflicts"] = conflicts } };
            return httpContext.Response.WriteAsJsonAsync(body);
        }
    }
}
