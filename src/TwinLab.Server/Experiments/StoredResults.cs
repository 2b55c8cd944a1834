using System.Collections.Concurrent;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;

namespace TwinLab.Server.Experiments;

/// <summary>
/// The experiment results stored in the database (by the server or by <c>twinlab run</c>), seen as finished experiments
/// whose id is the result id.
/// </summary>
/// <remarks>Thread-safe. A result never changes once stored, so its summary is read once and kept.</remarks>
internal sealed class StoredResults(TwinService service)
{
    private readonly ConcurrentDictionary<string, ExperimentView> _summaries = new(StringComparer.Ordinal);

    /// <summary>The stored <c>results.json</c> text of a result, or <c>null</c>.</summary>
    public string? Json(string resultId) => service.Store.LoadDocument(BranchExperiment.DocumentKind, resultId)?.Json;

    /// <summary>A stored result as a finished experiment, or <c>null</c> when there is none with that id.</summary>
    public ExperimentView? Find(string resultId)
    {
        if (_summaries.TryGetValue(resultId, out var known)) return known;
        return Json(resultId) is { } json ? _summaries.GetOrAdd(resultId, Summarise(resultId, json)) : null;
    }

    /// <summary>Every stored result as a finished experiment, newest first.</summary>
    public IEnumerable<ExperimentView> All() =>
        service.Store.ListDocuments(BranchExperiment.DocumentKind).Select(d => Find(d.Id)).OfType<ExperimentView>();

    private static ExperimentView Summarise(string id, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var provenance = r.GetProperty("provenance");
        var started = r.GetProperty("started").GetDateTimeOffset();
        var cancelled = r.TryGetProperty("cancelled", out var c) && c.ValueKind == JsonValueKind.True;
        var replications = r.GetProperty("scenarios").EnumerateArray().Sum(s => s.GetProperty("replications").GetInt64());
        return new ExperimentView(id, r.GetProperty("name").GetString() ?? "", r.GetProperty("type").GetString() ?? "",
            r.GetProperty("simulator").GetString() ?? "", provenance.GetProperty("branch").GetString() ?? "", provenance.GetProperty("seed").GetUInt64(),
            cancelled ? ExperimentStatus.Cancelled : ExperimentStatus.Succeeded, null, started, started,
            started + TimeSpan.FromSeconds(r.GetProperty("elapsedSeconds").GetDouble()),
            new ExperimentProgress(replications, replications, cancelled ? "cancelled" : "done"), id, null);
    }
}
