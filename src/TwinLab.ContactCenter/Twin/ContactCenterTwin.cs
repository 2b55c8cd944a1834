using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Models;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.ContactCenter.Twin;

/// <summary>
/// The contact-centre twin in a TwinLab database: the imported interaction log, the roster and the calibrated
/// <see cref="CenterModel"/> as documents, and the centre as twins (<see cref="ContactCenterModels"/>) on a branch.
/// </summary>
/// <remarks>
/// <para>Documents are kept beside the twin graph under the kinds <see cref="LogKind"/>, <see cref="RosterKind"/> and
/// <see cref="ModelKind"/>, one of each per database (id <see cref="DocumentId"/>); saving again replaces them.
/// Documents are not branched: the graph is.</para>
/// <para>The calibrated parameters the DTDL Queue model has fields for are written onto the queue twins by
/// <see cref="WriteGraph(CenterModel, string, WriteContext?)"/>: weekly arrival rates per hour, handle-time and patience
/// distributions (as text such as <c>lognormal(mu=5.6, sigma=0.5)</c>), first-contact resolution, repeat delay and
/// priority; the centre twin gets the interval length and shrinkage. Derived figures (mean arrival rate, AHT, patience
/// mean) have no DTDL fields: they follow from those properties and are in the model document.</para>
/// </remarks>
/// <param name="service">The database.</param>
/// <param name="time">Clock for the documents' creation time; the system clock when null.</param>
public sealed class ContactCenterTwin(TwinService service, TimeProvider? time = null)
{
    /// <summary>Document kind of the imported interaction log.</summary>
    public const string LogKind = "contact-log";

    /// <summary>Document kind of the roster.</summary>
    public const string RosterKind = "contact-roster";

    /// <summary>Document kind of the calibrated centre (<see cref="CenterModelJson"/>).</summary>
    public const string ModelKind = "contact-model";

    /// <summary>The id of each of the documents (one centre per database).</summary>
    public const string DocumentId = "current";

    private const string ModelPrefix = "dtmi:twinlab:contactcenter:";
    private const string RosterFormat = "twinlab-contact-roster/1";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Stores the accepted interactions of a log (replacing any stored before).</summary>
    /// <param name="interactions">The rows to keep (as <c>InteractionLog.Read</c> accepted them).</param>
    /// <param name="source">Where they came from, e.g. the file name.</param>
    public void SaveLog(IReadOnlyList<Interaction> interactions, string source)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(source);
        service.Store.SaveDocument(new StoredDocument(LogKind, DocumentId, _time.GetUtcNow(),
            $"{Path.GetFileName(source)}: {interactions.Count} interactions", InteractionLogJson.Write(interactions, source)));
    }

    /// <summary>The stored log, or null when none was imported.</summary>
    /// <exception cref="StoredTwinException">the stored document cannot be read.</exception>
    public StoredLog? LoadLog()
    {
        if (service.Store.LoadDocument(LogKind, DocumentId) is not { } doc) return null;
        var (source, rows) = InteractionLogJson.Read(doc.Json, "stored interaction log");
        return new StoredLog(source, doc.Created, rows);
    }

    /// <summary>Stores the roster (replacing any stored before).</summary>
    /// <param name="roster">The roster.</param>
    /// <param name="source">Where it came from, e.g. the file name.</param>
    public void SaveRoster(Roster roster, string source)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(source);
        var json = new JsonObject { ["format"] = RosterFormat, ["source"] = source, ["roster"] = RosterJson.Write(roster) };
        service.Store.SaveDocument(new StoredDocument(RosterKind, DocumentId, _time.GetUtcNow(),
            $"{Path.GetFileName(source)}: {roster.Agents.Count} agents", json.ToJsonString()));
    }

    /// <summary>The stored roster, or null when none was imported.</summary>
    /// <exception cref="StoredTwinException">the stored document cannot be read.</exception>
    public StoredRoster? LoadRoster()
    {
        if (service.Store.LoadDocument(RosterKind, DocumentId) is not { } doc) return null;
        const string name = "stored roster";
        var o = StoredJson.Parse(doc.Json, name);
        StoredJson.CheckFormat(o, RosterFormat, name);
        return new StoredRoster(StoredJson.TextOrNull(o, "source", name) ?? name, doc.Created, RosterJson.Read(o["roster"], $"{name}.roster"));
    }

    /// <summary>Stores the calibrated centre (replacing any stored before).</summary>
    /// <param name="model">The centre.</param>
    /// <param name="title">One line for listings, e.g. what it was calibrated from.</param>
    /// <exception cref="StoredTwinException">a distribution or the satisfaction predictor cannot be stored.</exception>
    public void SaveModel(CenterModel model, string title)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(title);
        service.Store.SaveDocument(new StoredDocument(ModelKind, DocumentId, _time.GetUtcNow(), title, CenterModelJson.Serialize(model)));
    }

    /// <summary>The stored calibrated centre, or null when none was calibrated.</summary>
    /// <exception cref="StoredTwinException">the stored document cannot be read.</exception>
    public StoredModel? LoadModel() =>
        service.Store.LoadDocument(ModelKind, DocumentId) is { } doc
            ? new StoredModel(doc.Title, doc.Created, CenterModelJson.Deserialize(doc.Json, "stored contact model"))
            : null;

    /// <summary>Deletes the stored calibrated centre (when a new log makes it stale); returns whether there was one.</summary>
    public bool DeleteModel() => service.Store.DeleteDocument(ModelKind, DocumentId);

    /// <summary>Writes the twins of a roster (centre, skills, agents, shifts; no queues before calibration) on a branch.</summary>
    /// <param name="branch">The branch (main by default).</param>
    /// <param name="context">Actor and idempotency key of the write.</param>
    /// <returns>What was written and the sequence numbers of the write.</returns>
    /// <exception cref="Core.Errors.TwinLabException">an unknown branch.</exception>
    /// <param name="roster">The roster.</param>
    public GraphWrite WriteGraph(Roster roster, string branch = BranchInfo.Main, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(roster);
        return WriteGraph(ContactCenterGraph.FromData(roster, []), branch, context);
    }

    /// <summary>Writes the twins of a calibrated centre, with its parameters on the queue and centre twins, on a branch.</summary>
    /// <param name="branch">The branch (main by default).</param>
    /// <param name="context">Actor and idempotency key of the write.</param>
    /// <returns>What was written and the sequence numbers of the write.</returns>
    /// <exception cref="Core.Errors.TwinLabException">an unknown branch.</exception>
    /// <param name="model">The calibrated centre.</param>
    public GraphWrite WriteGraph(CenterModel model, string branch = BranchInfo.Main, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return WriteGraph(ContactCenterGraph.FromModel(model), branch, context);
    }

    /// <summary>
    /// Writes a contact-centre graph file (<see cref="ContactCenterGraph"/>) on a branch in one atomic write: imports the
    /// contact-centre models the branch lacks, creates or replaces every twin and relationship of the file, and removes
    /// the contact-centre twins and relationships the file no longer has (an agent who left, a queue of an older log),
    /// so writing again updates rather than accumulates.
    /// </summary>
    /// <param name="graph">The graph file.</param>
    /// <param name="branch">The branch (main by default).</param>
    /// <param name="context">Actor and idempotency key of the write.</param>
    /// <returns>What was written and the sequence numbers of the write.</returns>
    /// <exception cref="Core.Errors.TwinLabException">an unknown branch, or the graph does not validate against the models.</exception>
    public GraphWrite WriteGraph(JsonObject graph, string branch = BranchInfo.Main, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var file = JsonSerializer.SerializeToElement(graph);
        var outcome = service.Write(branch, context ?? WriteContext.Default, g =>
        {
            var missing = ContactCenterModels.Sources.Where(s => !g.Models.Contains(ModelId(s))).ToArray();
            var imported = missing.Length > 0 ? g.ImportModels(missing).Count : 0;
            var (twins, relationships) = GraphFile.Apply(g, file, "contact-centre graph");
            var removed = RemoveStale(g, file);
            return (imported, twins, relationships, removed.Twins, removed.Relationships);
        });
        var (models, t, r, twinsRemoved, relationshipsRemoved) = outcome.Value;
        return new GraphWrite(models, t, r, twinsRemoved, relationshipsRemoved, outcome.FirstSequence, outcome.LastSequence, outcome.Duplicate);
    }

    private static (int Twins, int Relationships) RemoveStale(TwinGraph g, JsonElement file)
    {
        var twinIds = file.GetProperty("twins").EnumerateArray().Select(t => t.GetProperty("$dtId").GetString()!).ToHashSet(StringComparer.Ordinal);
        var relationshipIds = file.GetProperty("relationships").EnumerateArray()
            .Select(r => (r.GetProperty("source").GetString()!, r.GetProperty("id").GetString()!)).ToHashSet();
        var stale = g.Twins.Where(t => t.ModelId.StartsWith(ModelPrefix, StringComparison.Ordinal) && !twinIds.Contains(t.Id)).Select(t => t.Id).ToList();
        var relationships = 0;
        foreach (var id in twinIds)
            foreach (var rel in g.ListRelationships(id).Where(r => !relationshipIds.Contains((r.SourceId, r.Id))).ToList())
            {
                g.DeleteRelationship(rel.SourceId, rel.Id);
                relationships++;
            }
        foreach (var id in stale)
        {
            foreach (var rel in g.ListRelationships(id).Concat(g.ListIncomingRelationships(id)).DistinctBy(r => (r.SourceId, r.Id)).ToList())
            {
                if (g.FindRelationship(rel.SourceId, rel.Id) is null) continue;
                g.DeleteRelationship(rel.SourceId, rel.Id);
                relationships++;
            }
            g.DeleteTwin(id);
        }
        return (stale.Count, relationships);
    }

    private static string ModelId(DtdlSource source)
    {
        using var doc = JsonDocument.Parse(source.Text);
        return doc.RootElement.GetProperty("@id").GetString()!;
    }
}

/// <summary>An imported interaction log as stored.</summary>
/// <param name="Source">Where it came from (the file given to import).</param>
/// <param name="Saved">When it was stored.</param>
/// <param name="Interactions">The accepted rows, with their original row numbers.</param>
public sealed record StoredLog(string Source, DateTimeOffset Saved, IReadOnlyList<Interaction> Interactions);

/// <summary>A roster as stored.</summary>
/// <param name="Source">Where it came from.</param>
/// <param name="Saved">When it was stored.</param>
/// <param name="Roster">The roster.</param>
public sealed record StoredRoster(string Source, DateTimeOffset Saved, Roster Roster);

/// <summary>A calibrated centre as stored.</summary>
/// <param name="Title">What it was calibrated from.</param>
/// <param name="Saved">When it was stored.</param>
/// <param name="Model">The centre.</param>
public sealed record StoredModel(string Title, DateTimeOffset Saved, CenterModel Model);

/// <summary>What <see cref="ContactCenterTwin.WriteGraph(JsonObject, string, WriteContext?)"/> wrote.</summary>
/// <param name="ModelsImported">Contact-centre models imported because the branch lacked them.</param>
/// <param name="Twins">Twins created or replaced.</param>
/// <param name="Relationships">Relationships created or replaced.</param>
/// <param name="TwinsRemoved">Contact-centre twins removed because the new graph no longer has them.</param>
/// <param name="RelationshipsRemoved">Relationships removed with them or no longer in the graph.</param>
/// <param name="FirstSequence">First sequence number of the write.</param>
/// <param name="LastSequence">Last sequence number of the write.</param>
/// <param name="Duplicate">The idempotency key had been used: nothing was written.</param>
public sealed record GraphWrite(int ModelsImported, int Twins, int Relationships, int TwinsRemoved, int RelationshipsRemoved,
    long FirstSequence, long LastSequence, bool Duplicate);
