using TwinLab.Server.Security;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Server.Dashboard.ScenarioTemplates;
using TwinLab.Server.Hosting;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Server.Dashboard;

/// <summary>
/// <c>/scenario-templates</c> (a TwinLab extension): the example scenario files shipped in <c>examples/</c>, embedded in the
/// server, each with the YAML to submit to <c>POST /experiments</c> on a branch and whether this server can run it there
/// now. The dashboard offers them when starting an experiment.
/// </summary>
public static class ScenarioTemplatesApi
{
    /// <summary>The error code of an unknown template (404).</summary>
    public const string ScenarioTemplateNotFound = "ScenarioTemplateNotFound";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapScenarioTemplatesApi(this IEndpointRouteBuilder app)
    {
        // Example files shipped with TwinLab: no data of the caller's, so any authenticated caller may read them.
        var api = app.MapAdtGroup("/scenario-templates").WithTags("Experiments").RequireAccess(AccessScope.Handler);
        api.MapGet("/", ListTemplates).WithBranchAndAsOf(read: true).WithName("ListScenarioTemplates")
            .WithSummary("The example scenario files, each with the YAML to submit on ?branch= and whether this server can run it now (TwinLab extension)");
        api.MapGet("/{name}", GetTemplate).WithBranchAndAsOf(read: true).WithName("GetScenarioTemplate")
            .WithSummary("One example scenario file, as in the list (TwinLab extension)");
        return app;
    }

    internal static Ok<JsonObject> ListTemplates(HttpContext http, TwinService service, SimulatorCatalog catalog)
    {
        var (branch, asOf, snapshot) = State(http, service);
        var items = ScenarioTemplateLibrary.All.Select(f => (JsonNode)Json(ScenarioTemplate.For(f, branch, asOf, snapshot, catalog)));
        return TypedResults.Ok(new JsonObject { ["value"] = new JsonArray([.. items]), ["nextLink"] = null });
    }

    internal static Results<Ok<JsonObject>, TemplateNotFound> GetTemplate(string name, HttpContext http, TwinService service, SimulatorCatalog catalog)
    {
        if (ScenarioTemplateLibrary.Find(name) is not { } file) return new TemplateNotFound(name);
        var (branch, asOf, snapshot) = State(http, service);
        return TypedResults.Ok(Json(ScenarioTemplate.For(file, branch, asOf, snapshot, catalog)));
    }

    private static (string Branch, long? AsOf, Core.Twins.GraphSnapshot Snapshot) State(HttpContext http, TwinService service)
    {
        var branch = BranchesApi.BranchOf(http);
        var asOf = BranchesApi.AsOfOf(http);
        return (branch, asOf, service.SnapshotOf(branch, asOf));
    }

    /// <summary>
    /// <c>{name, domain, file, title, description, simulator, type, replications, branch, runnable, reasons,
    /// requires: {simulator, simulatorAvailable, graphFile, twins, models, missingTwins, missingModels, missingRelationships}, yaml}</c>.
    /// </summary>
    internal static JsonObject Json(ScenarioTemplate t)
    {
        var f = t.File;
        var requires = new JsonObject { ["simulator"] = f.Simulator, ["simulatorAvailable"] = t.SimulatorAvailable };
        if (f.Graph is { } graph)
        {
            requires["graphFile"] = graph.File;
            requires["twins"] = Strings(graph.Twins);
            requires["models"] = Strings(graph.Models);
            requires["missingTwins"] = Strings(t.Gap!.Twins);
            requires["missingModels"] = Strings(t.Gap.Models);
            requires["missingRelationships"] = t.Gap.Relationships;
        }
        return new JsonObject
        {
            ["name"] = f.Name,
            ["domain"] = f.Domain,
            ["file"] = f.File,
            ["title"] = f.Title,
            ["description"] = f.Description,
            ["simulator"] = f.Simulator,
            ["type"] = f.Type,
            ["replications"] = f.Replications,
            ["branch"] = t.Branch,
            ["runnable"] = t.Runnable,
            ["reasons"] = Strings(t.Reasons),
            ["requires"] = requires,
            ["yaml"] = t.Yaml,
        };
    }

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(s => (JsonNode)JsonValue.Create(s))]);

    /// <summary>404 <c>ScenarioTemplateNotFound</c> in ADT's error shape.</summary>
    internal sealed class TemplateNotFound(string name) : IResult
    {
        /// <summary>The name asked for.</summary>
        public string Name { get; } = name;

        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext) =>
            AdtError.WriteAsync(httpContext.Response, StatusCodes.Status404NotFound, ScenarioTemplateNotFound,
                $"No scenario template '{Name}'; GET /scenario-templates lists them ({string.Join(", ", ScenarioTemplateLibrary.All.Select(t => t.Name))}).");
    }
}
