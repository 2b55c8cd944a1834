using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Health.Models;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Twin;

/// <summary>
/// Patients in a TwinLab database: each patient's twins (<see cref="HealthGraph"/>) with their readings as telemetry on a
/// branch, and the full <see cref="PatientProfile"/> as a document (kind <see cref="ProfileKind"/>).
/// </summary>
/// <remarks>
/// <para>An import writes the patient's graph in one atomic write: it imports the health models the branch lacks,
/// creates or replaces the patient's twins and relationships, removes the patient's condition and medication twins the
/// profile no longer has, and appends as telemetry only the readings the state twin does not have yet (same time and
/// systolic), so importing the same data again adds nothing.</para>
/// <para>Documents are not branched; the profile of a patient imported on a branch other than main is stored under the
/// id <c>patient@branch</c> so that it does not replace main's.</para>
/// </remarks>
/// <param name="service">The database.</param>
/// <param name="time">Clock for the documents' creation time; the system clock when null.</param>
public sealed class HealthTwinStore(TwinService service, TimeProvider? time = null)
{
    /// <summary>Document kind of the stored profiles.</summary>
    public const string ProfileKind = "health-profile";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Writes a patient's twins and new readings on a branch, and stores the profile.</summary>
    /// <param name="profile">The imported profile.</param>
    /// <param name="branch">The branch (main by default).</param>
    /// <param name="context">Actor and idempotency key of the write.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="Core.Errors.TwinLabException">An unknown branch, or the graph does not validate against the models.</exception>
    public HealthImportWrite Import(PatientProfile profile, string branch = BranchInfo.Main, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(branch);
        var graph = HealthGraph.FromProfile(profile);
        var stateId = HealthGraph.StateTwinId(profile.Id);
        var patientTwin = HealthGraph.PatientTwinId(profile.Id);
        var stored = service.SnapshotOf(branch).Twins.ContainsKey(stateId)
            ? service.ReadTelemetry(stateId, "systolic", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, branch)
                .Select(p => (p.Timestamp.UtcDateTime, p.Value.GetDouble())).ToHashSet()
            : [];
        var file = JsonSerializer.SerializeToElement(graph);
        var outcome = service.Write(branch, context ?? WriteContext.Default, g =>
        {
            var missing = HealthModels.Sources.Where(s => !g.Models.Contains(ModelId(s))).ToArray();
            var models = missing.Length > 0 ? g.ImportModels(missing).Count : 0;
            var (twins, relationships) = GraphFile.Apply(g, file, $"health graph of '{profile.Id}'");
            var removed = RemoveStale(g, file, patientTwin);
            var appended = 0;
            foreach (var (when, message) in HealthGraph.Telemetry(profile))
            {
                if (stored.Contains((when.UtcDateTime, message["systolic"]!.GetValue<double>()))) continue;
                g.AppendTelemetry(stateId, null, JsonSerializer.SerializeToElement(message), when);
                appended++;
            }
            return new HealthImportWrite(models, twins, relationships, removed, appended, 0, 0, false);
        });
        if (outcome.Duplicate) return new HealthImportWrite(0, 0, 0, 0, 0, outcome.FirstSequence, outcome.LastSequence, true);
        SaveProfile(profile, branch);
        return outcome.Value with { FirstSequence = outcome.FirstSequence, LastSequence = outcome.LastSequence };
    }

    /// <summary>Stores a profile document (replacing the patient's profile stored for that branch).</summary>
    public void SaveProfile(PatientProfile profile, string branch = BranchInfo.Main)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var title = $"{profile.Name ?? profile.Id}: {profile.Readings.Count} readings, regimen {profile.CurrentRegimen}";
        service.Store.SaveDocument(new StoredDocument(ProfileKind, DocumentId(profile.Id, branch), _time.GetUtcNow(), title, ProfileJson.Serialize(profile)));
    }

    /// <summary>The profile stored for a patient on a branch, or null.</summary>
    /// <param name="patientId">The patient id (not the twin id).</param>
    /// <param name="branch">The branch it was imported on.</param>
    /// <param name="catalogue">The drugs regimens may name; the default catalogue when null.</param>
    /// <exception cref="Core.Errors.TwinLabException">The stored document cannot be read.</exception>
    public PatientProfile? LoadProfile(string patientId, string branch = BranchInfo.Main, DrugCatalogue? catalogue = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        return service.Store.LoadDocument(ProfileKind, DocumentId(patientId, branch)) is { } doc
            ? ProfileJson.Deserialize(doc.Json, $"stored profile '{patientId}'", catalogue)
            : null;
    }

    /// <summary>The patients stored for a branch, in id order.</summary>
    public IReadOnlyList<StoredPatient> ListPatients(string branch = BranchInfo.Main)
    {
        var suffix = branch == BranchInfo.Main ? null : "@" + branch;
        return
        [
            .. service.Store.ListDocuments(ProfileKind)
                .Select(d => (Doc: d, At: d.Id.LastIndexOf('@')))
                .Where(x => suffix is null ? x.At < 0 : x.Doc.Id.EndsWith(suffix, StringComparison.Ordinal))
                .Select(x => new StoredPatient(x.At < 0 ? x.Doc.Id : x.Doc.Id[..x.At], x.Doc.Title, x.Doc.Created))
                .OrderBy(p => p.Id, StringComparer.Ordinal),
        ];
    }

    private static string DocumentId(string patientId, string branch) => branch == BranchInfo.Main ? patientId : $"{patientId}@{branch}";

    /// <summary>Removes the patient's twins (other than patient and state) that the new graph no longer has, with their relationships.</summary>
    private static int RemoveStale(TwinGraph g, JsonElement file, string patientTwin)
    {
        var ids = file.GetProperty("twins").EnumerateArray().Select(t => t.GetProperty("$dtId").GetString()!).ToHashSet(StringComparer.Ordinal);
        var stale = g.Twins
            .Where(t => t.Id.StartsWith(patientTwin + "-", StringComparison.Ordinal) && t.ModelId is HealthModels.Condition or HealthModels.Medication && !ids.Contains(t.Id))
            .Select(t => t.Id).ToList();
        foreach (var id in stale)
        {
            foreach (var rel in g.ListRelationships(id).Concat(g.ListIncomingRelationships(id)).DistinctBy(r => (r.SourceId, r.Id)).ToList())
                if (g.FindRelationship(rel.SourceId, rel.Id) is not null) g.DeleteRelationship(rel.SourceId, rel.Id);
            g.DeleteTwin(id);
        }
        return stale.Count;
    }

    private static string ModelId(DtdlSource source)
    {
        using var doc = JsonDocument.Parse(source.Text);
        return doc.RootElement.GetProperty("@id").GetString()!;
    }
}

/// <summary>What <see cref="HealthTwinStore.Import"/> wrote.</summary>
/// <param name="ModelsImported">Health models imported because the branch lacked them.</param>
/// <param name="Twins">Twins created or replaced.</param>
/// <param name="Relationships">Relationships created or replaced.</param>
/// <param name="TwinsRemoved">Condition and medication twins removed because the profile no longer has them.</param>
/// <param name="ReadingsAppended">Readings appended as telemetry (those not stored before).</param>
/// <param name="FirstSequence">First sequence number of the write.</param>
/// <param name="LastSequence">Last sequence number of the write.</param>
/// <param name="Duplicate">The idempotency key had been used: nothing was written.</param>
public sealed record HealthImportWrite(int ModelsImported, int Twins, int Relationships, int TwinsRemoved, int ReadingsAppended,
    long FirstSequence, long LastSequence, bool Duplicate);

/// <summary>A patient stored in the database.</summary>
/// <param name="Id">The patient id.</param>
/// <param name="Title">One line: name, reading count, current regimen.</param>
/// <param name="Saved">When the profile was stored.</param>
public sealed record StoredPatient(string Id, string Title, DateTimeOffset Saved);
