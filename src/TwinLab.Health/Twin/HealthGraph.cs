using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TwinLab.Health.Models;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Twin;

/// <summary>
/// Describes a patient as a graph file (<c>{"twins": […], "relationships": […]}</c>, the format
/// <c>TwinLab.Core.Application.GraphFile</c> loads) using the <see cref="HealthModels"/>, and their readings as
/// telemetry messages for the blood-pressure state twin.
/// </summary>
/// <remarks>
/// Twin ids are readable and stable: <c>patient-maria</c>, <c>patient-maria-bp</c>, <c>patient-maria-condition-1</c>
/// (conditions in profile order), <c>patient-maria-med-2-amlodipine</c> (medication periods numbered from 1, oldest first).
/// </remarks>
public static class HealthGraph
{
    /// <summary>The patient twin's id for a patient id: <c>patient-</c> and the id in lower case, other characters as '-'.</summary>
    public static string PatientTwinId(string patientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        var sb = new StringBuilder("patient-");
        foreach (var c in patientId.ToLowerInvariant()) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        return sb.ToString();
    }

    /// <summary>The blood-pressure state twin's id.</summary>
    public static string StateTwinId(string patientId) => PatientTwinId(patientId) + "-bp";

    /// <summary>The graph of a patient: the patient, their state, conditions and medication history, and the relationships.</summary>
    public static JsonObject FromProfile(PatientProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var twins = new JsonArray();
        var relationships = new JsonArray();
        var patientId = PatientTwinId(profile.Id);
        var patient = Twin(patientId, HealthModels.Patient);
        patient["patientId"] = profile.Id;
        if (profile.Name is { } name) patient["name"] = name;
        if (profile.BirthDate is { } birth) patient["birthDate"] = Date(birth);
        patient["sex"] = profile.Sex.ToString().ToLowerInvariant();
        patient["currentRegimen"] = profile.CurrentRegimen.ToString();
        if (profile.Latest(LabKind.Potassium) is { } k) patient["potassium"] = k.Value;
        if (profile.Latest(LabKind.Egfr) is { } egfr) patient["egfr"] = egfr.Value;
        if (profile.Latest(LabKind.Creatinine) is { } creatinine) patient["creatinine"] = creatinine.Value;
        twins.Add(patient);

        var stateId = StateTwinId(profile.Id);
        twins.Add(State(stateId, profile.Readings));
        relationships.Add(Relationship(patientId, HealthModels.HasState, stateId));

        for (var i = 0; i < profile.Conditions.Count; i++)
        {
            var c = profile.Conditions[i];
            var id = $"{patientId}-condition-{i + 1}";
            var twin = Twin(id, HealthModels.Condition);
            twin["kind"] = JsonNamingLower(c.Kind.ToString());
            twin["display"] = c.Display;
            twin["code"] = c.Code;
            if (c.Onset is { } onset) twin["onset"] = Date(onset);
            twin["active"] = c.Active;
            twins.Add(twin);
            relationships.Add(Relationship(patientId, HealthModels.HasCondition, id));
        }

        for (var p = 0; p < profile.Medication.Count; p++)
        {
            var period = profile.Medication[p];
            foreach (var item in period.Regimen.Items)
            {
                var id = $"{patientId}-med-{p + 1}-{item.Drug.Name}";
                var twin = Twin(id, HealthModels.Medication);
                twin["drug"] = item.Drug.Name;
                twin["drugClass"] = item.Drug.Class.Name();
                twin["doseMg"] = item.DoseMg;
                twin["relativeDose"] = item.RelativeDose;
                twin["rxNorm"] = item.Drug.RxNormIngredient;
                twin["regimen"] = period.Regimen.ToString();
                twin["start"] = Date(period.Start);
                if (period.End is { } end) twin["end"] = Date(end);
                twin["current"] = period.End is null;
                twin["source"] = period.Source;
                twins.Add(twin);
                relationships.Add(Relationship(patientId, HealthModels.Takes, id));
            }
        }
        return new JsonObject { ["twins"] = twins, ["relationships"] = relationships };
    }

    /// <summary>Each reading as a telemetry message for <see cref="StateTwinId"/>, with its time.</summary>
    public static IEnumerable<(DateTimeOffset Time, JsonObject Message)> Telemetry(PatientProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        foreach (var r in profile.Readings)
        {
            var message = new JsonObject { ["systolic"] = r.Systolic, ["diastolic"] = r.Diastolic };
            if (r.Pulse is { } pulse) message["pulse"] = pulse;
            message["setting"] = r.Setting.ToString().ToLowerInvariant();
            message["source"] = r.Source;
            yield return (r.Time, message);
        }
    }

    private static JsonObject State(string id, IReadOnlyList<BpReading> readings)
    {
        var twin = Twin(id, HealthModels.BloodPressureState);
        twin["readingCount"] = readings.Count;
        if (readings.Count == 0) return twin;
        twin["firstReading"] = DateTime(readings[0].Time);
        twin["lastReading"] = DateTime(readings[^1].Time);
        twin["lastSystolic"] = readings[^1].Systolic;
        twin["lastDiastolic"] = readings[^1].Diastolic;
        var home = readings.Where(r => r.Setting == ReadingSetting.Home).ToList();
        if (home.Count > 0)
        {
            var days = home.Select(r => r.Day).Distinct().OrderDescending().Take(7).ToHashSet();
            var recent = home.Where(r => days.Contains(r.Day)).ToList();
            twin["homeMean7dSystolic"] = Math.Round(recent.Average(r => r.Systolic), 1);
            twin["homeMean7dDiastolic"] = Math.Round(recent.Average(r => r.Diastolic), 1);
        }
        return twin;
    }

    private static JsonObject Twin(string id, string model) => new() { ["$dtId"] = id, ["$metadata"] = new JsonObject { ["$model"] = model } };

    private static JsonObject Relationship(string source, string name, string target) =>
        new() { ["source"] = source, ["id"] = $"{name}-{target}", ["name"] = name, ["target"] = target };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DateTime(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string JsonNamingLower(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
