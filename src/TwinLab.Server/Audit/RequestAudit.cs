using Microsoft.AspNetCore.Authorization;
using TwinLab.Core.Audit;
using TwinLab.Server.Security;

namespace TwinLab.Server.Audit;

/// <summary>
/// What the audit log says about an HTTP request: whether it is recorded at all, and its actor, action and resource.
/// One place, so the middleware, the tests and the docs agree.
/// </summary>
/// <remarks>
/// <para>Recorded: every request that reached an API endpoint, and every refused one (401, 403) wherever it went. Not
/// recorded: the public pages that hold no data (the dashboard's files, the API description and its reference page) and
/// requests that matched no endpoint.</para>
/// <para>Action: <c>denied</c> for 401 and 403 (and a request a policy hid, see <see cref="MarkDenied"/>); <c>export</c>
/// for an experiment's results and report and import-folder files; <c>run</c> for submitting an experiment; otherwise
/// <c>read</c> for GET and for computations that change nothing (queries, what-ifs), <c>admin</c> for changes to
/// connections, endpoints, event routes, policies and API keys, <c>write</c> for every other change.</para>
/// </remarks>
public static class RequestAudit
{
    private const string DeniedItem = "twinlab:audit:denied";
    private const string ErasedItem = "twinlab:audit:erased";

    /// <summary>Endpoints whose answer takes data out of TwinLab.</summary>
    private static readonly HashSet<string> ExportEndpoints = new(StringComparer.Ordinal) { "GetExperimentResults", "GetExperimentReport", "GetBlob" };

    /// <summary>Endpoints that run an experiment.</summary>
    private static readonly HashSet<string> RunEndpoints = new(StringComparer.Ordinal) { "SubmitExperiment" };

    /// <summary>POST endpoints that compute an answer and change nothing.</summary>
    private static readonly HashSet<string> ReadOnlyPosts = new(StringComparer.Ordinal) { "QueryTwins", "NetworkWhatIf" };

    /// <summary>First path segments whose changes are administration: who may do what, and where data goes.</summary>
    private static readonly HashSet<string> AdminAreas = new(StringComparer.OrdinalIgnoreCase) { "connections", "endpoints", "eventroutes", "policies", "apikeys" };

    /// <summary>Resource kinds by first path segment, and the route value naming the resource.</summary>
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["digitaltwins"] = "twin", ["models"] = "model", ["experiments"] = "experiment", ["branches"] = "branch",
        ["connections"] = "connection", ["endpoints"] = "endpoint", ["eventroutes"] = "eventroute", ["jobs"] = "job",
        ["deadletters"] = "deadletter", ["drift"] = "twin", ["scenario-templates"] = "template", ["policies"] = "policy",
        ["apikeys"] = "apikey", ["blobs"] = "blob", ["domains"] = "domain",
    };

    private static readonly string[] IdValues = ["id", "twinId", "name", "path"];

    /// <summary>Query parameters never copied into the log: they may carry credentials.</summary>
    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase) { "access_token", "token", "key", "code", "sig" };

    /// <summary>Marks this request as refused by a policy (e.g. a 404 that hides a twin the caller may not read), so it
    /// is recorded as <c>denied</c> whatever its status.</summary>
    public static void MarkDenied(HttpContext context) => context.Items[DeniedItem] = true;

    /// <summary>Marks <paramref name="ids"/> as erased by this request (a purge): its record names them redacted, as the
    /// purge leaves every earlier record that named them.</summary>
    public static void Erased(HttpContext context, IEnumerable<string> ids) =>
        context.Items[ErasedItem] = ids.SelectMany(id => new[] { id, Uri.EscapeDataString(id) }).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Whether a finished request is recorded (see the remarks).</summary>
    public static bool IsRecorded(HttpContext context)
    {
        var status = context.Response.StatusCode;
        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden || context.Items.ContainsKey(DeniedItem)) return true;
        var endpoint = context.GetEndpoint();
        if (endpoint is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return false;
        return !SecurityWiring.IsPublic(context.Request.Path);
    }

    /// <summary>The entry for a finished request.</summary>
    public static AuditEntry Entry(HttpContext context, DateTimeOffset time)
    {
        var request = context.Request;
        var resource = Resource(context);
        var detail = $"{request.Method} {request.PathBase}{request.Path}{SafeQuery(request)}";
        if (context.Items[ErasedItem] is string[] erased && erased.Any(id => resource.Contains(id, StringComparison.Ordinal) || detail.Contains(id, StringComparison.Ordinal)))
        {
            resource = AuditChain.Redacted(resource);
            detail = AuditChain.Redacted(detail);
        }
        return new AuditEntry(time, context.Actor(), AuthKind(context), Address(context.Connection), Action(context), resource,
            context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), context.TraceIdentifier, detail);
    }

    /// <summary>The caller's <c>IP:port</c> (<c>[IPv6]:port</c>; an IPv4 client of a dual-stack socket as IPv4), or <c>local</c>
    /// for a connection without addresses (an in-process host).</summary>
    public static string Address(ConnectionInfo connection)
    {
        if (connection.RemoteIpAddress is not { } ip) return "local";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{ip}]:{connection.RemotePort}"
            : $"{ip}:{connection.RemotePort}";
    }

    /// <summary>How the caller authenticated.</summary>
    public static string AuthKind(HttpContext context) =>
        context.User.Identity is not { IsAuthenticated: true } ? AuditAuthKinds.Anonymous
        : context.User.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.KeyIdClaim) ? AuditAuthKinds.ApiKey
        : AuditAuthKinds.Jwt;

    /// <summary>The request's action (see the remarks).</summary>
    public static string Action(HttpContext context)
    {
        if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden || context.Items.ContainsKey(DeniedItem))
            return AuditActions.Denied;
        var name = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (name is not null && ExportEndpoints.Contains(name)) return AuditActions.Export;
        if (name is not null && RunEndpoints.Contains(name)) return AuditActions.Run;
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return AuditActions.Read;
        if (name is not null && ReadOnlyPosts.Contains(name)) return AuditActions.Read;
        return AdminAreas.Contains(FirstSegment(context.Request.Path)) ? AuditActions.Admin : AuditActions.Write;
    }

    /// <summary>What the request touched: <c>KIND:ID</c> from the route (<c>twin:room-1</c>, <c>experiment:7f…</c>), else the
    /// path without its leading slash (<c>query</c>, <c>telemetry/batch</c>).</summary>
    public static string Resource(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var kind = Kinds.GetValueOrDefault(FirstSegment(context.Request.Path));
        if (kind is not null)
            foreach (var key in IdValues)
                if (context.Request.RouteValues.TryGetValue(key, out var value) && value is string { Length: > 0 } id)
                    return $"{kind}:{id}";
        return path.Trim('/');
    }

    private static string FirstSegment(PathString path)
    {
        var text = path.Value ?? "";
        var start = text.StartsWith('/') ? 1 : 0;
        var end = text.IndexOf('/', start);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string SafeQuery(HttpRequest request)
    {
        if (!request.QueryString.HasValue) return "";
        var kept = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value)
            .Select(p => SecretParameters.Contains(p.Key) ? new KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>(p.Key, "***") : p);
        return QueryString.Create(kept).ToString();
    }
}
