using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Network.Defence;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Domains;

/// <summary>The network security twin over HTTP: attack graph, crown jewels, what-ifs, recommended measures.</summary>
/// <remarks>
/// Under <c>/domains/network</c> (api-version required, <c>?branch=</c> and <c>?asOf=</c> pick the stored network):
/// <c>GET /</c> lists the networks; <c>GET /{id}</c> gives the attack graph with entry points and crown jewels marked,
/// the likeliest paths and the risk per crown jewel; <c>POST /{id}/whatif</c> applies changes to a copy and compares;
/// <c>GET /{id}/recommendations</c> gives the cheapest defences. Nothing here writes the twin.
/// </remarks>
public static class NetworkApi
{
    /// <summary>Default Monte Carlo replications (as <c>twinlab demo</c>'s report).</summary>
    public const int DefaultReplications = 2000;

    /// <summary>Default seed (as <c>twinlab demo</c>'s report).</summary>
    public const ulong DefaultSeed = 20251103;

    /// <summary>Most changes one what-if takes.</summary>
    public const int MaxChanges = 50;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var folders = new NetworkInputFolders(services.GetRequiredService<ServerSettings>(), services.GetRequiredService<IConfiguration>()[NetworkInputFolders.ConfigurationKey]);
        var analyses = new NetworkAnalyses(services.GetRequiredService<TwinService>(), folders);
        var api = app.MapAdtGroup("/domains/network").WithTags("Network").AddEndpointFilter(Translate);
        api.MapGet("/", (HttpContext http) => List(http, analyses)).WithBranchAndAsOf(read: true)
            .WithName("ListNetworks").WithSummary("Lists the networks stored on the branch");
        api.MapGet("/{id}", (string id, HttpContext http) => Get(id, http, analyses)).WithBranchAndAsOf(read: true)
            .WithName("GetNetworkAttackGraph").WithSummary("The attack graph (entry points, crown jewels), likeliest paths and risk per crown jewel");
        api.MapPost("/{id}/whatif", (string id, HttpContext http, CancellationToken cancel) => WhatIf(id, http, analyses, cancel)).WithBranchAndAsOf(read: true)
            .WithName("NetworkWhatIf").WithSummary("Applies changes ({\"changes\": [\"patch:CVE-…@host\", …]}) to a copy and compares paths and risk before and after");
        api.MapGet("/{id}/recommendations", (string id, HttpContext http) => Recommend(id, http, analyses)).WithBranchAndAsOf(read: true)
            .WithName("NetworkRecommendations").WithSummary("The cheapest defences cutting every path to the crown jewels (or the best within ?budget= hours), with evidence");
        return app;
    }

    internal static Ok<NetworkList> List(HttpContext http, NetworkAnalyses analyses) =>
        TypedResults.Ok(new NetworkList(analyses.List(BranchesApi.BranchOf(http), BranchesApi.AsOfOf(http))));

    internal static Ok<NetworkAnalysisView> Get(string id, HttpContext http, NetworkAnalyses analyses) =>
        TypedResults.Ok(Analysis(id, http, analyses).View);

    internal static async Task<Ok<WhatIfView>> WhatIf(string id, HttpContext http, NetworkAnalyses analyses, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(http.Request, cancel);
        var measures = Changes(body);
        var analysis = Analysis(id, http, analyses);
        try
        {
            return TypedResults.Ok(analysis.WhatIf(measures));
        }
        catch (DefenceMeasureException e)
        {
            var index = measures.ToList().FindIndex(m => m.Id == e.Measure);
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"changes[{Math.Max(index, 0).ToString(CultureInfo.InvariantCulture)}]: {e.Message}");
        }
    }

    internal static Ok<RecommendationsView> Recommend(string id, HttpContext http, NetworkAnalyses analyses)
    {
        var query = http.Request.Query;
        double? budget = null;
        if (query["budget"].ToString() is { Length: > 0 } text)
            budget = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && b > 0 && double.IsFinite(b)
                ? b : throw new TwinLabException(ErrorCodes.InvalidArgument, $"budget must be a positive number of hours, not '{text}'.");
        var urgent = false;
        if (query["includeUrgent"].ToString() is { Length: > 0 } u)
            urgent = bool.TryParse(u, out var v) ? v : throw new TwinLabException(ErrorCodes.InvalidArgument, $"includeUrgent must be true or false, not '{u}'.");
        return TypedResults.Ok(Analysis(id, http, analyses).Recommend(budget, urgent));
    }

    /// <summary>The changes of a what-if body: <c>{"changes": ["patch:CVE-2021-42013@web01", "isolate:web01", …]}</c>.</summary>
    internal static IReadOnlyList<DefenceMeasure> Changes(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be a JSON object {\"changes\": [\"patch:CVE-…@host\", …]}.");
        if (!body.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "changes is required: an array of changes such as \"patch:CVE-2021-42013@web01\" (GET /domains/network/{id} lists them under changes).");
        if (changes.GetArrayLength() is 0 or > MaxChanges)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"changes must hold 1 to {MaxChanges} changes, not {changes.GetArrayLength()}.");
        var list = new List<DefenceMeasure>();
        var i = 0;
        foreach (var c in changes.EnumerateArray())
        {
            var field = $"changes[{i++}]";
            if (c.ValueKind != JsonValueKind.String)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"{field} must be a string such as \"patch:CVE-2021-42013@web01\", not {c.ValueKind.ToString().ToLowerInvariant()}.");
            try
            {
                list.Add(DefenceMeasure.Parse(c.GetString()!));
            }
            catch (DefenceMeasureException e)
            {
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"{field}: {e.Message}");
            }
        }
        if (list.GroupBy(m => m.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"changes: '{twice.Key}' is listed twice.");
        return list;
    }

    private static NetworkAnalysis Analysis(string id, HttpContext http, NetworkAnalyses analyses)
    {
        var query = http.Request.Query;
        var replications = DefaultReplications;
        if (query["replications"].ToString() is { Length: > 0 } r)
            replications = int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 100 and <= 100_000
                ? n : throw new TwinLabException(ErrorCodes.InvalidArgument, $"replications must be a whole number from 100 to 100000, not '{r}'.");
        var seed = DefaultSeed;
        if (query["seed"].ToString() is { Length: > 0 } s)
            seed = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v : throw new TwinLabException(ErrorCodes.InvalidArgument, $"seed must be a whole number ≥ 0, not '{s}'.");
        return analyses.Get(BranchesApi.BranchOf(http), BranchesApi.AsOfOf(http), id, replications, seed);
    }

    /// <summary>Answers this API's own error codes with their status (the shared table need not know them).</summary>
    private static async ValueTask<object?> Translate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (TwinLabException e) when (e.Code is NetworkAnalyses.NetworkNotFound or NetworkAnalyses.NetworkNotAnalysable
            && !context.HttpContext.Response.HasStarted)
        {
            var status = e.Code == NetworkAnalyses.NetworkNotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            await AdtError.WriteAsync(context.HttpContext.Response, status, e.Code, e.Message);
            return Results.Empty;
        }
    }
}

/// <summary>The networks on a branch.</summary>
/// <param name="Value">The networks.</param>
public sealed record NetworkList(IReadOnlyList<NetworkSummaryView> Value);
