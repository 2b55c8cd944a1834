using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Security;

namespace TwinLab.Server.Security;

/// <summary>
/// Checks every ADT-group endpoint's <see cref="AccessRule"/> before its handler runs (added by <c>MapAdtGroup</c>).
/// </summary>
/// <remarks>
/// Twin rules are judged on the current state of the request's branch (<c>?branch=</c>, default main), also for
/// <c>?asOf=</c> reads: policies say who may see a twin now, and a past state is no less sensitive. Reading or writing on
/// a branch also needs READ or WRITE on that branch; that check is made where the branch is resolved
/// (<c>WithBranchAndAsOf</c>).
/// </remarks>
public static class AccessFilter
{
    /// <summary>The endpoint filter.</summary>
    public static ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = http.Access();
        if (access.IsUnrestricted) return next(context);
        var rule = http.GetEndpoint()?.Metadata.GetMetadata<AccessRule>() ?? AccessRule.Default(http.Request.Method);
        var permission = rule.For(http.Request.Method);
        var name = http.Request.RouteValues.TryGetValue(rule.RouteValue, out var v) ? v?.ToString() ?? "" : "";
        switch (rule.Scope)
        {
            case AccessScope.Everything:
                AccessDenied.Unless(access.OnEverything(permission), permission, "everything ('*')");
                break;
            case AccessScope.Branch:
                AccessDenied.Unless(access.OnBranch(permission, name), permission, $"branch '{name}'");
                break;
            case AccessScope.Connection:
                AccessDenied.Unless(access.OnConnection(permission, name), permission, $"connection '{name}'");
                break;
            case AccessScope.Twin:
                http.RequireTwin(name, permission);
                break;
        }
        return next(context);
    }

    /// <summary>The branch check of a request that reads (<paramref name="read"/>) or writes twins on <paramref name="branch"/>.</summary>
    public static void CheckBranch(HttpContext http, string branch, bool read)
    {
        var access = http.Access();
        if (access.IsUnrestricted) return;
        var permission = read ? Permissions.Read : Permissions.Write;
        AccessDenied.Unless(access.OnBranch(permission, branch), permission, $"on branch '{branch}'");
    }
}

/// <summary>Access checks for handlers: the caller's access, views, and the twin rule (404 unless readable, else 403).</summary>
public static class RequestAccess
{
    /// <summary>The caller's access (unrestricted in <c>--dev</c>).</summary>
    public static CallerAccess Access(this HttpContext http) => http.RequestServices.GetRequiredService<AccessControl>().For(http);

    /// <summary>The caller's (cached) view of <paramref name="snapshot"/>.</summary>
    public static AccessView View(this HttpContext http, Core.Twins.GraphSnapshot snapshot) =>
        http.RequestServices.GetRequiredService<AccessControl>().View(http.Access(), snapshot);

    /// <summary>The caller's view of the current state of the request's branch (<c>?branch=</c>, default main).</summary>
    public static AccessView CurrentView(this HttpContext http)
    {
        var branch = http.Request.Query["branch"].ToString() is { Length: > 0 } b ? b : BranchInfo.Main;
        return http.View(http.RequestServices.GetRequiredService<Twins.ITwinGraphBackend>().Current(branch));
    }

    /// <summary>Requires <paramref name="permission"/> on twin <paramref name="id"/> of the request's branch: a twin the
    /// caller cannot read is 404 DigitalTwinNotFound, whether it exists or not (so the answer never tells which); a readable
    /// twin without the permission is 403. A twin that does not exist is judged by its id and <paramref name="modelId"/>
    /// (the model a create names).</summary>
    public static void RequireTwin(this HttpContext http, string id, Permissions permission, string? modelId = null)
    {
        if (http.Access().IsUnrestricted) return;
        var view = http.CurrentView();
        var exists = view.Snapshot.Twins.ContainsKey(id);
        if (!(exists ? view.CanRead(id) : view.Decide(Permissions.Read, id, modelId).Allowed))
        {
            // To the caller the same 404 as a missing twin; to the audit log a refusal.
            Audit.RequestAudit.MarkDenied(http);
            throw AccessDenied.TwinNotFound(id);
        }
        if (permission == Permissions.Read) return;
        // Changing a twin that does not exist (PATCH, DELETE, telemetry): the handler answers 404 as it would anyway.
        if (!exists && modelId is null) return;
        AccessDenied.Unless(view.Decide(permission, id, modelId), permission, $"twin '{id}'");
    }

    /// <summary>The <c>$metadata.$model</c> of a twin's JSON body, or <c>null</c> (the write then fails its own validation).</summary>
    public static string? ModelOf(System.Text.Json.JsonElement body) =>
        body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("$metadata", out var meta)
        && meta.ValueKind == System.Text.Json.JsonValueKind.Object && meta.TryGetProperty("$model", out var model)
        && model.ValueKind == System.Text.Json.JsonValueKind.String ? model.GetString() : null;

    /// <summary>Whether the caller may read a twin (by id) of the request's branch: constant true when unrestricted.</summary>
    public static Func<string, bool> Readable(this HttpContext http)
    {
        if (http.Access().IsUnrestricted) return static _ => true;
        var view = http.CurrentView();
        return view.CanRead;
    }

    /// <summary>Requires READ on the target of a relationship being read or written: an unreadable target is the same 404
    /// as a missing one.</summary>
    public static void RequireReadableTarget(this HttpContext http, string targetId)
    {
        if (!http.Access().IsUnrestricted && !http.CurrentView().CanRead(targetId))
        {
            Audit.RequestAudit.MarkDenied(http);
            throw new Core.Errors.TwinLabException(Core.Errors.ErrorCodes.TargetTwinNotFound, $"The relationship's target twin '{targetId}' not found.");
        }
    }
}
