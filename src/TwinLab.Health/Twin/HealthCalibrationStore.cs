using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Twin;

/// <summary>
/// Stores a patient's calibration as a document (kind <see cref="Kind"/>, id as the profile's: <c>patient</c> or
/// <c>patient@branch</c>): the posterior (mean and covariance, which prediction needs) and the summaries, with a
/// fingerprint of the profile it was fitted to. A calibration is reused only while the stored profile is unchanged:
/// importing new readings or medication makes the next verb calibrate again.
/// </summary>
/// <remarks>A document rather than twin properties: the posterior is a matrix, and documents hold it whole.</remarks>
public static class HealthCalibrationStore
{
    /// <summary>Document kind of stored calibrations.</summary>
    public const string Kind = "health-calibration";

    private const string Format = "twinlab-health-calibration/1";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Stores the calibration of <paramref name="profile"/> on <paramref name="branch"/>.</summary>
    /// <param name="service">The database.</param>
    /// <param name="profile">The profile the calibration was fitted to (its fingerprint is stored).</param>
    /// <param name="branch">The branch the patient is stored on.</param>
    /// <param name="result">The calibration.</param>
    /// <param name="time">Clock for the document's time; the system clock when null.</param>
    public static void Save(TwinService service, PatientProfile profile, string branch, CalibrationResult result, TimeProvider? time = null)
    {
        var p = result.Posterior;
        var n = PhysiologyPosterior.Dimension;
        var covariance = new JsonArray();
        for (var i = 0; i < n; i++)
            covariance.Add(new JsonArray([.. Enumerable.Range(0, n).Select(j => (JsonNode)p.Covariance[i, j])]));
        var doc = new JsonObject
        {
            ["format"] = Format,
            ["fingerprint"] = Fingerprint(profile),
            ["posterior"] = new JsonObject
            {
                ["mean"] = new JsonArray([.. p.Mean.Select(v => (JsonNode)v)]),
                ["covariance"] = covariance,
                ["fromPopulationOnly"] = p.FromPopulationOnly,
                ["evidence"] = p.Evidence,
            },
            ["result"] = JsonSerializer.SerializeToNode(result, Options),
        };
        var title = $"{profile.Name ?? profile.Id}: {result.Evidence}";
        service.Store.SaveDocument(new StoredDocument(Kind, DocumentId(profile.Id, branch), (time ?? TimeProvider.System).GetUtcNow(), title, doc.ToJsonString()));
    }

    /// <summary>When the calibration of a patient on a branch was stored, or null when none is.</summary>
    public static DateTimeOffset? SavedAt(TwinService service, string patientId, string branch) =>
        service.Store.LoadDocument(Kind, DocumentId(patientId, branch))?.Created;

    /// <summary>The stored calibration when it was fitted to this very profile; null when none, stale or unreadable (then calibrate again).</summary>
    /// <param name="service">The database.</param>
    /// <param name="profile">The stored profile.</param>
    /// <param name="branch">The branch the patient is stored on.</param>
    public static CalibrationResult? Load(TwinService service, PatientProfile profile, string branch)
    {
        if (service.Store.LoadDocument(Kind, DocumentId(profile.Id, branch)) is not { } stored) return null;
        try
        {
            var doc = JsonNode.Parse(stored.Json)!.AsObject();
            if (doc["format"]?.GetValue<string>() != Format || doc["fingerprint"]?.GetValue<string>() != Fingerprint(profile)) return null;
            var p = doc["posterior"]!;
            var mean = p["mean"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            var rows = p["covariance"]!.AsArray();
            var n = PhysiologyPosterior.Dimension;
            if (mean.Length != n || rows.Count != n) return null;
            var covariance = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                    covariance[i, j] = rows[i]![j]!.GetValue<double>();
            var posterior = new PhysiologyPosterior(mean, covariance, p["fromPopulationOnly"]!.GetValue<bool>(), p["evidence"]!.GetValue<string>());
            var result = Read(doc["result"]!.AsObject());
            return result with { Posterior = posterior };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NullReferenceException or FormatException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The summaries of a stored result (the posterior is put in by the caller).</summary>
    private static CalibrationResult Read(JsonObject r)
    {
        T Get<T>(string name) => r[name].Deserialize<T>(Options)!;
        return new CalibrationResult(
            Get<string>("patientId"),
            null!,
            Get<bool>("fromPopulationOnly"),
            Get<string>("evidence"),
            Get<BpEstimate>("untreated"),
            Get<List<ClassSensitivity>>("classes"),
            Get<int>("readingsUsed"),
            Get<int>("daysUsed"),
            Get<int>("clinicReadingsExcluded"),
            r["firstDay"].Deserialize<DateOnly?>(Options),
            r["lastDay"].Deserialize<DateOnly?>(Options),
            Get<int>("regimenChanges"),
            Get<NoiseSummary>("noise"),
            Get<List<CalibrationWarning>>("warnings"));
    }

    /// <summary>A hash of the stored profile: readings, medication, conditions, labs.</summary>
    private static string Fingerprint(PatientProfile profile) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ProfileJson.Serialize(profile))))[..32];

    private static string DocumentId(string patientId, string branch) => branch == BranchInfo.Main ? patientId : $"{patientId}@{branch}";
}
