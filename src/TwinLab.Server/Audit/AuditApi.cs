using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using TwinLab.Core.Audit;
using TwinLab.Server.Dashboard;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

namespace TwinLab.Server.Audit;

/// <summary>
/// <c>GET /audit</c> (the records, newest first, filtered and paged by <c>nextLink</c>) and <c>GET /audit/verify</c> (the
/// hash chain checked end to end). Both are administration: see <see cref="Refusal"/>.
/// </summary>
public static class AuditApi
{
    /// <summary>Records on a page by default, and at most.</summary>
    private const int DefaultTop = 100, LargestTop = 1_000;

    /// <summary>How long a read of the log waits for the records of requests made just before it to be written.</summary>
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(2);

    /// <summary>Maps the endpoints.</summary>
    public static WebApplication MapAuditApi(this WebApplication app)
    {
        var api = app.MapAdtGroup("/audit").WithTags("Audit").RequireAccess(AccessScope.Everything, Core.Security.Permissions.Admin);
        api.MapGet("/", List).WithName("ListAuditRecords")
            .WithSummary("The audit log, newest first: ?since= ?until= ?actor= ?action= ?resource= (prefix), paged by nextLink (TwinLab extension)");
        api.MapGet("/verify", Verify).WithName("VerifyAuditLog")
            .WithSummary("Checks the audit log's hash chain; answers the head (sequence and hash) to write down, or the first bad record (TwinLab extension)");
        return app;
    }

    /// <summary>
    /// Why the caller may not read the audit log, or <c>null</c> when they may: an authenticated caller, or anyone in
    /// <c>--dev</c> (anonymous, loopback only); beyond that the access policies require ADMIN on <c>*</c> (the group's
    /// access rule, checked before this).
    /// </summary>
    public static string? Refusal(HttpContext context, ServerSettings settings) =>
        settings.Dev || context.User.Identity is { IsAuthenticated: true } ? null : "Reading the audit log needs an authenticated administrator.";

    private static async Task<IResult> List(HttpContext http, ServerSettings settings, AuditRecorder recorder,
        [FromQuery, Description("Only records at or after this ISO 8601 time.")] string? since,
        [FromQuery, Description("Only records before this ISO 8601 time.")] string? until,
        [FromQuery, Description("Only this actor (api:key:NAME, api:SUBJECT, cli:USER@HOST).")] string? actor,
        [FromQuery, Description("Only this action: read, write, export, run, admin or denied.")] string? action,
        [FromQuery, Description("Only resources starting with this (twin:room-1, experiment:).")] string? resource,
        [FromQuery, Description("The most records on a page (1 to 1,000; default 100).")] string? top,
        [FromQuery, Description("Continues from the previous page (follow nextLink as it is).")] string? continuationToken)
    {
        if (Refusal(http, settings) is { } why) return await Forbid(http, why);
        var start = InsightParameters.Time(since, "since");
        var end = InsightParameters.Time(until, "until");
        InsightParameters.Range(start, end);
        if (action is not null && !AuditActions.All.Contains(action))
            throw InsightParameters.Bad($"action='{action}' is not one of {string.Join(", ", AuditActions.All)}.");
        var size = InsightParameters.Integer(top, "top", DefaultTop, 1, LargestTop);
        long? before = null;
        if (continuationToken is { Length: > 0 })
            before = long.TryParse(Paging.DecodeToken(continuationToken), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                ? s : throw InsightParameters.Bad("The continuation token is not valid.");
        await recorder.FlushAsync(FlushWait, http.RequestAborted);
        var records = recorder.Store.Query(new AuditFilter(start, end, Empty(actor), Empty(action), Empty(resource), before, size + 1));
        var page = records.Take(size).ToList();
        return Results.Json(new JsonObject
        {
            ["value"] = new JsonArray([.. page.Select(r => (JsonNode)Json(r))]),
            ["nextLink"] = records.Count > size ? Paging.NextLink(http.Request, Paging.EncodeToken(page[^1].Sequence.ToString(CultureInfo.InvariantCulture))) : null,
        });
    }

    private static async Task<IResult> Verify(HttpContext http, ServerSettings settings, AuditRecorder recorder)
    {
        if (Refusal(http, settings) is { } why) return await Forbid(http, why);
        await recorder.FlushAsync(FlushWait, http.RequestAborted);
        return Results.Json(VerificationJson(AuditChain.Verify(recorder.Store)));
    }

    /// <summary>A verification as JSON (shared with <c>twinlab audit verify --json</c>).</summary>
    public static JsonObject VerificationJson(AuditVerification v) => new()
    {
        ["intact"] = v.Intact,
        ["records"] = v.Count,
        ["headSequence"] = v.Count,
        ["headHash"] = v.HeadHash,
        ["firstBadSequence"] = v.FirstBadSequence,
        ["problem"] = v.Problem,
    };

    /// <summary>A record as JSON (shared with <c>twinlab audit --json</c>).</summary>
    public static JsonObject Json(AuditRecord r) => new()
    {
        ["sequence"] = r.Sequence,
        ["time"] = r.Time,
        ["actor"] = r.Actor,
        ["auth"] = r.AuthKind,
        ["address"] = r.Address,
        ["action"] = r.Action,
        ["resource"] = r.Resource,
        ["outcome"] = r.Outcome,
        ["correlationId"] = r.Correlation,
        ["detail"] = r.Detail,
        ["previousHash"] = r.PreviousHash,
        ["hash"] = r.Hash,
    };

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static async Task<IResult> Forbid(HttpContext http, string why)
    {
        await AdtError.WriteAsync(http.Response, StatusCodes.Status403Forbidden, "Forbidden", why);
        return Results.Empty;
    }
}
