using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Cli.Commands;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.DataPlane;

/// <summary>The data plane of a database file: <see cref="TwinService"/> on <c>--db</c>, written as <c>--actor</c> with
/// <c>--idempotency-key</c>.</summary>
internal sealed class LocalDataPlane(CliContext ctx) : IDataPlane
{
    private TwinService Service => ctx.Service;

    private GraphSnapshot Read() => ctx.Read();

    private WriteOutcome<T> Write<T>(Func<TwinGraph, T> operation) => Service.Write(ctx.Branch, ctx.WriteContext, operation);

    public WriteOutcome<IReadOnlyList<string>> ImportModels(IReadOnlyList<DtdlSource> sources) =>
        Write<IReadOnlyList<string>>(graph => [.. graph.ImportModels(sources).Select(i => i.Id)]);

    public ModelSet Models(string? dependenciesOf = null) => Read().Models;

    public WriteOutcome<bool> DeleteModel(string id) => Write(graph =>
    {
        graph.DeleteModel(id);
        return true;
    });

    public Twin GetTwin(string id) => Read().GetTwin(id);

    public IReadOnlyList<Twin> ListTwins(string? model)
    {
        var snapshot = Read();
        return [.. snapshot.Twins.Values.Where(t => model is null || snapshot.Models.IsAssignableTo(t.ModelId, model)).OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    public WriteOutcome<Twin> PutTwin(string id, JsonElement body, string? ifMatch, bool createOnly) =>
        Write(graph => graph.CreateOrReplaceTwin(id, body, ifMatch, ifNoneMatchAny: createOnly));

    public WriteOutcome<Twin> PatchTwin(string id, IReadOnlyList<JsonPatchOperation> operations, string? ifMatch) =>
        Write(graph => graph.UpdateTwin(id, operations, ifMatch));

    public WriteOutcome<bool> DeleteTwin(string id, string? ifMatch) => Write(graph =>
    {
        graph.DeleteTwin(id, ifMatch);
        return true;
    });

    public Relationship GetRelationship(string source, string id) => new TwinGraph(Read()).GetRelationship(source, id);

    public IReadOnlyList<Relationship> ListRelationships(string twin, string? name, bool incoming)
    {
        var graph = new TwinGraph(Read());
        return incoming
            ? [.. graph.ListIncomingRelationships(twin).Where(r => name is null || r.Name == name)]
            : graph.ListRelationships(twin, name);
    }

    public WriteOutcome<Relationship> PutRelationship(string source, string id, JsonElement body, string? ifMatch) =>
        Write(graph => graph.CreateOrReplaceRelationship(source, id, body, ifMatch));

    public WriteOutcome<bool> DeleteRelationship(string source, string id, string? ifMatch) => Write(graph =>
    {
        graph.DeleteRelationship(source, id, ifMatch);
        return true;
    });

    public IReadOnlyList<JsonObject> Query(string query) => Service.Query(query, ctx.Branch, ctx.AsOf).Items;

    public WriteOutcome<int> AppendTelemetry(string twin, string? component, IReadOnlyList<TelemetryMessage> messages) => Write(graph =>
    {
        var n = 0;
        foreach (var m in messages) n += graph.AppendTelemetry(twin, component, m.Values, m.Time).Count;
        return n;
    });

    public IReadOnlyList<TelemetryPoint> ReadTelemetry(string twin, string? name, DateTimeOffset from, DateTimeOffset to) =>
        Service.ReadTelemetry(twin, name, from, to, ctx.Branch, ctx.AsOf);

    public IReadOnlyList<JsonObject> History(HistoryRequest request)
    {
        if (request.Branch is { } branch) ctx.RequireBranch(branch);
        var filter = new EventFilter(request.Branch, request.Twin, UpToSequence: ctx.AsOf ?? long.MaxValue, Limit: request.Limit);
        if (request.Since is { } s)
            filter = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? filter with { AfterSequence = Math.Max(0, seq - 1) }
                : filter with { Since = TelemetryCommand.ParseTime(s, "--since (a sequence number or an ISO 8601 time)") };
        return [.. Service.History(filter).Select(EventJson.ToJson)];
    }

    public IReadOnlyList<BranchInfo> Branches() => Service.Branches;

    public BranchInfo CreateBranch(string name, string parent, string? at)
    {
        ctx.RequireBranch(parent);
        long? fork = at is { } text ? ctx.PointInHistory(text, "--at") : null;
        return Service.CreateBranch(name, parent, fork);
    }

    public BranchDiff Diff(string name) => Service.Diff(name);

    public MergeOutcome Merge(string name, WriteContext? context) => Service.Merge(name, context);

    public void DiscardBranch(string name) => Service.DiscardBranch(name);

    public IReadOnlyList<StoredResult> Results() =>
        [.. Service.Store.ListDocuments(RunCommand.DocumentKind).Select(d => new StoredResult(d.Id, d.Created, d.Title))];

    public string? ResultJson(string id) => Service.Store.LoadDocument(RunCommand.DocumentKind, id)?.Json;

    public void Dispose()
    {
        // The service belongs to the context, which disposes of it.
    }
}
