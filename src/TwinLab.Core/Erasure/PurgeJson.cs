using System.Text.Json.Nodes;
using TwinLab.Core.Application;

namespace TwinLab.Core.Erasure;

/// <summary>The JSON the CLI (<c>--json</c>) and the server answer a purge with.</summary>
public static class PurgeJson
{
    /// <summary>A purge plan (a dry run): the twins and the document-id aliases.</summary>
    public static JsonObject Plan(PurgePlan plan) => new()
    {
        ["twins"] = new JsonArray([.. plan.Twins.Select(t => (JsonNode)t)]),
        ["aliases"] = new JsonArray([.. plan.Aliases.Select(a => (JsonNode)a)]),
    };

    /// <summary>What a purge erased.</summary>
    public static JsonObject Outcome(PurgeOutcome outcome)
    {
        var r = outcome.Report;
        var json = Plan(outcome.Plan);
        json["sequence"] = outcome.Sequence;
        json["eventsErased"] = r.EventsErased;
        json["eventsTrimmed"] = r.EventsTrimmed;
        json["telemetryPoints"] = r.TelemetryPoints;
        json["snapshotsRewritten"] = r.SnapshotsRewritten;
        json["idempotencyKeys"] = r.IdempotencyKeys;
        json["documents"] = new JsonArray([.. r.Documents.Select(d => (JsonNode)d)]);
        json["compacted"] = r.Compacted;
        return json;
    }

    /// <summary>One paragraph for people.</summary>
    public static string Describe(PurgeOutcome outcome)
    {
        var r = outcome.Report;
        var documents = r.Documents.Count == 0 ? "no documents" : $"{r.Documents.Count} document(s) ({string.Join(", ", r.Documents)})";
        var space = r.Compacted
            ? "The file was compacted: no trace remains in it, nor in backups made from now on; backups made before the purge still hold the data unless it was encrypted at rest."
            : "The store could not overwrite the freed space: old bytes may remain in it and in its backups until its engine reuses it (see docs/security.md).";
        return $"Purged {outcome.Plan.Twins.Count} twin(s): {string.Join(", ", outcome.Plan.Twins)} (record at sequence {outcome.Sequence}). " +
            $"Erased {r.EventsErased} event(s), trimmed {r.EventsTrimmed}, deleted {r.TelemetryPoints} telemetry point(s), rewrote {r.SnapshotsRewritten} snapshot(s), " +
            $"forgot {r.IdempotencyKeys} idempotency key(s) and deleted {documents}. {space}";
    }
}
