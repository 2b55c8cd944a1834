using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Twin;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Domains;

/// <summary>The hypertension twin over HTTP: patients, readings, calibration, regimen recommendations.</summary>
/// <remarks>
/// Patients are the profiles <c>twinlab health import</c> stored for a branch (<see cref="HealthTwinStore"/>). A calibration
/// stored beside a profile is used only while it matches the profile (<see cref="HealthCalibrationStore.Load"/>); otherwise
/// the patient is calibrated afresh for the answer and nothing is written. Recommendations are computed on each request
/// (seeded: the same parameters give the same answer), so nothing cached can go stale. Every answer carries
/// <see cref="HealthDisclaimer.Text"/>.
/// </remarks>
public static class HealthApi
{
    /// <summary>The error code of a patient not stored on the branch (404).</summary>
    public const string PatientNotFound = "PatientNotFound";

    /// <summary>Posterior samples per regimen when <c>samples</c> is not given: a few seconds for the whole search.</summary>
    public const int DefaultSamples = 300;

    /// <summary>The seed when <c>seed</c> is not given (the CLI's default).</summary>
    public const ulong DefaultSeed = 20260101;

    /// <summary>Top choices explained when <c>top</c> is not given.</summary>
    public const int DefaultTop = 3;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/domains/health").WithTags("Health");
        api.MapGet("/patients", ListPatients).WithName("ListPatients")
            .WithSummary("The patients stored on a branch (TwinLab extension; ?branch=)");
        api.MapGet("/patients/{id}", GetPatient).WithName("GetPatient")
            .WithSummary("A patient: profile, current regimen, home and office BP readings, calibration summary with 80% intervals (TwinLab extension)");
        api.MapGet("/patients/{id}/recommendation", Recommend).WithName("RecommendRegimens")
            .WithSummary("Every allowed regimen tried on the patient's twin: the top ones with BP trajectories (80%/95% bands), P(target), side effects, pills, reasons; the exclusions with their reasons; the current regimen (TwinLab extension; ?samples=&seed=&top=&target=)");
        return app;
    }

    internal static Ok<JsonObject> ListPatients(TwinService service, HttpContext http)
    {
        var branch = HealthQuery.Branch(http, service);
        var store = new HealthTwinStore(service);
        var patients = store.ListPatients(branch).Select(p =>
        {
            var profile = store.LoadProfile(p.Id, branch);
            return (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["title"] = p.Title,
                ["saved"] = p.Saved.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["name"] = profile?.Name,
                ["sex"] = profile?.Sex.ToString().ToLowerInvariant(),
                ["readings"] = profile?.Readings.Count,
                ["lastReading"] = profile is { Readings.Count: > 0 } ? HealthPayloads.Time(profile.Readings[^1].Time) : null,
                ["currentRegimen"] = profile?.CurrentRegimen.ToString(),
                ["calibrationStored"] = HealthCalibrationStore.SavedAt(service, p.Id, branch) is not null,
            };
        });
        return TypedResults.Ok(new JsonObject
        {
            ["disclaimer"] = HealthDisclaimer.Text,
            ["branch"] = branch,
            ["value"] = new JsonArray([.. patients]),
        });
    }

    internal static Results<Ok<JsonObject>, BranchesApi.ErrorResult> GetPatient(string id, TwinService service, HttpContext http)
    {
        var branch = HealthQuery.Branch(http, service);
        if (Load(service, id, branch) is not { } profile) return NotFound(service, id, branch);
        var (calibration, source) = Calibration(service, profile, branch);
        var node = HealthPayloads.Profile(profile);
        node["disclaimer"] = HealthDisclaimer.Text;
        node["branch"] = branch;
        node["units"] = HealthPayloads.Units();
        node["target"] = HealthPayloads.Target(DefaultTarget(null, profile));
        node["calibration"] = HealthPayloads.Calibration(calibration, source, source == "stored" ? HealthCalibrationStore.SavedAt(service, id, branch) : null);
        return TypedResults.Ok(node);
    }

    internal static Results<Ok<JsonObject>, BranchesApi.ErrorResult> Recommend(
        string id, string? samples, string? seed, string? top, string? target, TwinService service, HttpContext http)
    {
        var branch = HealthQuery.Branch(http, service);
        // Parameters first, so that a typo fails fast and names the parameter.
        var n = HealthQuery.Int(samples, "samples", DefaultSamples, 50, 5000);
        var s = HealthQuery.Seed(seed, "seed", DefaultSeed);
        var k = HealthQuery.Int(top, "top", DefaultTop, 1, 10);
        if (Load(service, id, branch) is not { } profile) return NotFound(service, id, branch);
        if (profile.Readings.Count == 0 && profile.Medication.Count == 0)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Patient '{id}' has no BP readings and no medication history: import their home-monitor readings first ('twinlab health import READINGS.csv --patient {id}').");
        var goal = DefaultTarget(target, profile);
        var (calibration, source) = Calibration(service, profile, branch);
        var r = RegimenRecommender.Recommend(profile, calibration.Posterior, new RecommendOptions
        {
            Prediction = new PredictionOptions { Samples = n, Seed = s, Target = goal },
            TopCount = k,
        });
        var posterior = calibration.Posterior;
        var current = r.Current;
        return TypedResults.Ok(new JsonObject
        {
            ["disclaimer"] = HealthDisclaimer.Text,
            ["branch"] = branch,
            ["patient"] = profile.Id,
            ["units"] = HealthPayloads.Units(),
            ["startDay"] = HealthPayloads.Date(r.StartDay),
            ["target"] = HealthPayloads.Target(r.Target),
            ["samples"] = r.Samples,
            ["seed"] = r.Seed,
            ["calibration"] = source,
            ["fromPopulationOnly"] = r.FromPopulationOnly,
            ["uncertainty"] = r.Uncertainty,
            ["intervalCoverage"] = BpPrediction.IntervalCoverageText,
            ["targetWarning"] = r.TargetWarning,
            ["searched"] = r.Searched,
            ["allowed"] = r.Ranking.Count,
            ["top"] = new JsonArray([.. r.TopChoices.Select(c => (JsonNode)new JsonObject
            {
                ["rank"] = c.Rank,
                ["regimen"] = HealthPayloads.Regimen(c.Best.Regimen),
                ["pattern"] = c.Pattern,
                ["pills"] = c.Best.PillCount,
                ["probabilityAtTarget"] = HealthPayloads.Num(c.Best.ProbabilityAtTarget, 4),
                ["probabilityByWeek"] = new JsonArray([.. c.Best.Weeks.Select((w, i) => (JsonNode)new JsonObject
                {
                    ["week"] = w, ["probability"] = HealthPayloads.Num(c.Best.ProbabilityByWeek[i], 4),
                })]),
                ["sideEffects"] = HealthPayloads.SideEffects(c.Best.SideEffects),
                ["cautions"] = HealthPayloads.Findings(c.Best.Cautions),
                ["score"] = HealthPayloads.Score(c.Best.Score),
                ["explanation"] = c.Explanation,
                ["alternatives"] = new JsonArray([.. c.Alternatives.Select(a => (JsonNode)a.Regimen.ToString())]),
                ["prediction"] = HealthPayloads.Prediction(c.Prediction!, HealthBands.Of(profile, posterior, c.Prediction!)),
            })]),
            ["ranking"] = new JsonArray([.. r.Ranking.Take(20).Select(x => (JsonNode)new JsonObject
            {
                ["rank"] = x.Rank, ["regimen"] = x.Regimen.ToString(), ["probabilityAtTarget"] = HealthPayloads.Num(x.ProbabilityAtTarget, 4),
                ["anySideEffect"] = HealthPayloads.Num(x.SideEffects.AnySymptomatic, 4), ["pills"] = x.PillCount, ["score"] = HealthPayloads.Num(x.Score.Total, 4),
            })]),
            ["excluded"] = new JsonObject
            {
                ["count"] = r.Excluded.Count,
                ["byRule"] = HealthPayloads.Exclusions(r),
            },
            ["notableLosers"] = new JsonArray([.. r.NotableLosers.Select(l => (JsonNode)new JsonObject
            {
                ["regimen"] = l.Regimen.ToString(), ["rank"] = l.Rank, ["reason"] = l.Reason,
            })]),
            ["current"] = new JsonObject
            {
                ["regimen"] = HealthPayloads.Regimen(current.Regimen),
                ["rank"] = current.Rank,
                ["standing"] = r.CurrentStanding,
                ["excluded"] = current.Excluded,
                ["safety"] = HealthPayloads.Findings(current.Safety),
                ["atTarget"] = current.AtTarget,
                ["atTargetReason"] = current.AtTargetReason,
                ["recentHomeAverage"] = current.RecentHomeAverage is { } avg ? HealthPayloads.Bp(avg) : null,
                ["recentReadings"] = current.RecentReadings,
                ["prediction"] = HealthPayloads.Prediction(current.Prediction, HealthBands.Of(profile, posterior, current.Prediction)),
            },
            ["stepDown"] = new JsonArray([.. r.StepDown.Select(x => (JsonNode)new JsonObject
            {
                ["regimen"] = x.Regimen.ToString(), ["change"] = x.Change, ["probabilityAtTarget"] = HealthPayloads.Num(x.ProbabilityAtTarget, 4),
                ["anySideEffect"] = HealthPayloads.Num(x.SideEffects.AnySymptomatic, 4), ["pills"] = x.PillCount, ["cautions"] = HealthPayloads.Findings(x.Cautions),
            })]),
        });
    }

    private static PatientProfile? Load(TwinService service, string id, string branch) =>
        string.IsNullOrEmpty(id) ? null : new HealthTwinStore(service).LoadProfile(id, branch);

    /// <summary>The stored calibration while it matches the profile, else a fresh one (not stored: a GET writes nothing).</summary>
    private static (CalibrationResult Result, string Source) Calibration(TwinService service, PatientProfile profile, string branch) =>
        HealthCalibrationStore.Load(service, profile, branch) is { } stored
            ? (stored, "stored")
            : (PatientCalibration.Calibrate(profile), "calibrated for this answer (the stored calibration is missing or older than the profile)");

    /// <summary>The <c>target</c> parameter (ACC/AHA 2017 when absent), the age-dependent ESC/ESH one by the age at the last reading.</summary>
    private static BpTarget DefaultTarget(string? text, PatientProfile profile)
    {
        if (string.IsNullOrWhiteSpace(text)) return BpTarget.AccAha2017;
        var day = profile.Readings.Count > 0 ? profile.Readings[^1].Day : (DateOnly?)null;
        try
        {
            return BpTarget.Parse(text, day is { } d ? profile.AgeOn(d) : null);
        }
        catch (TwinLabException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"target: {e.Message}");
        }
    }

    private static BranchesApi.ErrorResult NotFound(TwinService service, string id, string branch)
    {
        var known = new HealthTwinStore(service).ListPatients(branch).Select(p => p.Id).ToList();
        return new BranchesApi.ErrorResult(StatusCodes.Status404NotFound, PatientNotFound,
            $"No patient '{id}' is stored on branch '{branch}'" + (known.Count == 0
                ? " (none is: import one with 'twinlab health import')."
                : $"; stored: {string.Join(", ", known)}."));
    }
}
