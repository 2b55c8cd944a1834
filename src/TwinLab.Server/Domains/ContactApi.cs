using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Twin;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Domains;

/// <summary>The contact-centre twin over HTTP: intraday load, staffing against requirement, KPIs per scenario.</summary>
/// <remarks>
/// A database holds one centre (<see cref="ContactCenterTwin"/>: the imported log, the roster and the calibrated model as
/// documents, which are not branched), listed under the id <see cref="ContactCenterTwin.DocumentId"/>. Every figure is
/// computed on request from the stored documents (seeded where random), so nothing cached can go stale.
/// </remarks>
public static class ContactApi
{
    /// <summary>The error code of a centre that is not stored (404).</summary>
    public const string CentreNotFound = "ContactCentreNotFound";

    /// <summary>Replications per scenario when <c>replications</c> is not given.</summary>
    public const int DefaultReplications = 5;

    /// <summary>The simulation seed when <c>seed</c> is not given.</summary>
    public const ulong DefaultSeed = 20250301;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapContactApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/domains/contact").WithTags("ContactCentre");
        api.MapGet("/centres", ListCentres).WithName("ListContactCentres")
            .WithSummary("The calibrated contact centre(s) stored in the database (TwinLab extension)");
        api.MapGet("/centres/{id}", GetCentre).WithName("GetContactCentre")
            .WithSummary("A centre: its queues (arrivals, handle time, patience, resolution), roster and calibration (TwinLab extension)");
        api.MapGet("/centres/{id}/load", GetLoad).WithName("GetContactLoad")
            .WithSummary("Contacts offered per interval of the week (observed mean with 95% interval, last week) against the calibrated rates and the forecast (TwinLab extension; ?queue=)");
        api.MapGet("/centres/{id}/staffing", GetStaffing).WithName("GetContactStaffing")
            .WithSummary("Required agents per interval (Erlang C/A for the goal) against the roster's agents on duty, with the shortfall (TwinLab extension; ?target=80/20&maxAbandon=5%&occupancy=85%&shrinkage=&queue=)");
        api.MapGet("/centres/{id}/scenarios", GetScenarios).WithName("GetContactScenarios")
            .WithSummary("KPIs of the current roster, the recommended shift plan and a +volume what-if, simulated with confidence intervals (TwinLab extension; ?replications=&seed=&days=&volume=&target=)");
        return app;
    }

    internal static Ok<JsonObject> ListCentres(TwinService service, HttpContext http)
    {
        var branch = HealthQuery.Branch(http, service);
        var stored = new ContactCenterTwin(service).LoadModel();
        return TypedResults.Ok(new JsonObject
        {
            ["branch"] = branch,
            ["value"] = stored is null ? new JsonArray() : new JsonArray(Summary(stored)),
        });
    }

    internal static Results<Ok<JsonObject>, BranchesApi.ErrorResult> GetCentre(string id, TwinService service, HttpContext http)
    {
        var branch = HealthQuery.Branch(http, service);
        var twin = new ContactCenterTwin(service);
        if (Find(twin, id) is not { } stored) return NotFound(id);
        var model = stored.Model;
        var perHour = model.IntervalMinutes / 60.0;
        var node = Summary(stored);
        node["branch"] = branch;
        node["units"] = new JsonObject
        {
            ["arrivalsPerWeek"] = "contacts per week (fresh)", ["handleSeconds"] = "seconds", ["patienceSeconds"] = "seconds",
            ["firstContactResolution"] = "fraction 0–1", ["repeatDelayHours"] = "hours", ["costPerHour"] = "roster currency per agent hour",
        };
        node["queues"] = new JsonArray([.. model.Queues.Select(q => (JsonNode)new JsonObject
        {
            ["queue"] = q.Queue,
            ["channel"] = q.Channel.ToString().ToLowerInvariant(),
            ["arrivalsPerWeek"] = HealthPayloads.Num(q.ArrivalRatesPerHour.Sum() * perHour, 1),
            ["peakArrivalsPerHour"] = HealthPayloads.Num(q.ArrivalRatesPerHour.Max(), 2),
            ["handleSeconds"] = HealthPayloads.Num(q.HandleSeconds.Mean, 1),
            ["handleDistribution"] = q.HandleSeconds.ToString(),
            ["patienceSeconds"] = q.PatienceSeconds is { } p ? HealthPayloads.Num(p.Mean, 1) : null,
            ["firstContactResolution"] = HealthPayloads.Num(q.FirstContactResolution, 4),
            ["repeatDelayHours"] = HealthPayloads.Num(q.RepeatDelayHours, 2),
            ["priority"] = q.Priority,
        })]);
        node["roster"] = new JsonObject
        {
            ["agents"] = model.Roster.Agents.Count,
            ["shrinkage"] = HealthPayloads.Num(model.Roster.Shrinkage, 4),
            ["skills"] = new JsonArray([.. model.Roster.Agents.SelectMany(a => a.Skills.Select(s => s.Queue)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(s => (JsonNode)new JsonObject
                {
                    ["skill"] = s,
                    ["agents"] = model.Roster.Agents.Count(a => a.Skills.Any(k => k.Queue == s)),
                })]),
            ["meanCostPerHour"] = model.Roster.Agents.Count > 0 ? HealthPayloads.Num(model.Roster.Agents.Average(a => a.CostPerHour), 2) : null,
        };
        node["satisfactionModelled"] = model.Satisfaction is not null;
        return TypedResults.Ok(node);
    }

    internal static Results<Ok<JsonObject>, BranchesApi.ErrorResult> GetLoad(string id, string? queue, TwinService service, HttpContext http)
    {
        var branch = HealthQuery.Branch(http, service);
        var twin = new ContactCenterTwin(service);
        if (Find(twin, id) is not { } stored) return NotFound(id);
        var skill = Skill(stored.Model, queue);
        var log = twin.LoadLog() ?? throw new TwinLabException(ErrorCodes.InvalidArgument,
            "The centre has no interaction log stored (import one with 'twinlab contact import LOG.csv --roster FILE').");
        var node = ContactLoad.Of(stored.Model, log, skill);
        node["branch"] = branch;
        node["centre"] = ContactCenterTwin.DocumentId;
        return TypedResults.Ok(node);
    }

    internal static Results<Ok<JsonObject>, BranchesApi.ErrorResult> GetStaffing(
        string id, string? queue, string? target, string? maxAbandon, string? occupancy, string? shrinkage, TwinService service, HttpContext http)
    {
        var branch = HealthQuery.Branch(http, service);
        var goal = ContactQuery.Goal(target, maxAbandon, occupancy);
        double? shrink = string.IsNullOrWhiteSpace(shrinkage) ? null : ContactQuery.Share(shrinkage, "shrinkage", 0);
        if (shrink >= 1) throw new TwinLabException(ErrorCodes.InvalidArgument, $"shrinkage={shrinkage}: must be below 100%.");
        if (Find(new ContactCenterTwin(service), id) is not { } stored) return NotFound(id);
        var node = ContactStaffing.Of(stored.Model, goal, shrink, Skill(stored.Model, queue));
        node["branch"] = branch;
        node["centre"] = ContactCenterTwin.DocumentId;
        return TypedResults.Ok(node);
    }

    internal static Results<Ok<JsonObject>, BranchesApi.ErrorResult> GetScenarios(
        string id, string? replications, string? seed, string? days, string? volume, string? target, string? maxAbandon, string? occupancy,
        TwinService service, HttpContext http, CancellationToken cancel)
    {
        var branch = HealthQuery.Branch(http, service);
        var n = HealthQuery.Int(replications, "replications", DefaultReplications, 2, 50);
        var s = HealthQuery.Seed(seed, "seed", DefaultSeed);
        var d = ContactQuery.Number(days, "days", 7, 1, 28);
        var v = ContactQuery.Share(volume, "volume", 0.10);
        var goal = ContactQuery.Goal(target, maxAbandon, occupancy);
        if (Find(new ContactCenterTwin(service), id) is not { } stored) return NotFound(id);
        var node = ContactScenarios.Run(stored, goal, null, n, s, d, v, cancel);
        node["branch"] = branch;
        node["centre"] = ContactCenterTwin.DocumentId;
        return TypedResults.Ok(node);
    }

    private static JsonObject Summary(StoredModel stored) => new()
    {
        ["id"] = ContactCenterTwin.DocumentId,
        ["title"] = stored.Title,
        ["saved"] = stored.Saved.ToString("O", CultureInfo.InvariantCulture),
        ["intervalMinutes"] = stored.Model.IntervalMinutes,
        ["queueCount"] = stored.Model.Queues.Count,
        ["skills"] = new JsonArray([.. Skills(stored.Model).Select(q => (JsonNode)q)]),
        ["agentCount"] = stored.Model.Roster.Agents.Count,
    };

    private static IEnumerable<string> Skills(CenterModel model) => model.Queues.Select(q => q.Queue).Distinct(StringComparer.Ordinal);

    private static StoredModel? Find(ContactCenterTwin twin, string id) =>
        id == ContactCenterTwin.DocumentId ? twin.LoadModel() : null;

    /// <summary>The <c>queue</c> parameter: a skill (queue name) of the centre, or null for every queue ("all" or absent).</summary>
    private static string? Skill(CenterModel model, string? queue)
    {
        if (string.IsNullOrWhiteSpace(queue) || queue == "all") return null;
        var skills = Skills(model).ToList();
        return skills.Contains(queue, StringComparer.Ordinal) ? queue
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"queue='{queue}' is not a queue of the centre; give one of: all, {string.Join(", ", skills)}.");
    }

    private static BranchesApi.ErrorResult NotFound(string id) =>
        new(StatusCodes.Status404NotFound, CentreNotFound,
            $"No contact centre '{id}' is stored; a database holds one calibrated centre, id '{ContactCenterTwin.DocumentId}' (GET /domains/contact/centres lists it; 'twinlab contact import' and 'calibrate' make it).");
}
