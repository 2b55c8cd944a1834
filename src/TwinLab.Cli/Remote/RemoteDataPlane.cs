using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Cli.DataPlane;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;

namespace TwinLab.Cli.Remote;

/// <summary>
/// The data plane of a TwinLab server (<c>--server</c>): the ADT endpoints and TwinLab's extensions, with
/// <c>?branch=</c> and <c>?asOf=</c>, ETags as <c>If-Match</c>, and the sequence numbers of writes from the
/// <c>TwinLab-Sequence</c> header. Answers are read back into the domain types the local data plane returns.
/// </summary>
/// <remarks>The server records writes under the token's identity, so <c>--actor</c> is refused; <c>--idempotency-key</c>
/// only keys telemetry (as the messages' ids), the one write the API de-duplicates.</remarks>
internal sealed class RemoteDataPlane(ServerClient client, string branch, string? asOf, string? idempotencyKey) : IDataPlane
{
    private static readonly JsonSerializerOptions Compact = new();

    /// <summary>The client, for the verbs that talk to endpoints of their own (experiments, connections).</summary>
    public ServerClient Client => client;

    private List<KeyValuePair<string, string?>> Reading(params (string Name, string? Value)[] extra) =>
        [new("branch", branch == BranchInfo.Main ? null : branch), new("asOf", asOf), .. extra.Select(e => KeyValuePair.Create(e.Name, e.Value))];

    private List<KeyValuePair<string, string?>> Writing() => [new("branch", branch == BranchInfo.Main ? null : branch)];

    private void RejectKey()
    {
        if (idempotencyKey is not null)
            throw new CliUsageException("--idempotency-key works with --server only for 'telemetry append' (it keys the messages); other writes over the API are not de-duplicated.");
    }

    private static IEnumerable<KeyValuePair<string, string>> IfMatch(string? etag) => etag is null ? [] : [KeyValuePair.Create("If-Match", etag)];

    /// <summary>The write's outcome from the <c>TwinLab-Sequence</c> header.</summary>
    private static WriteOutcome<T> Outcome<T>(ServerAnswer answer, T value)
    {
        var header = answer.Header(WriteSequence.Header)
            ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"the server did not say which sequence numbers the write got (no {WriteSequence.Header} header); it may be an older TwinLab.");
        var duplicate = header.EndsWith("; duplicate", StringComparison.Ordinal);
        var range = (duplicate ? header[..^"; duplicate".Length] : header).Split('-', 2);
        return new WriteOutcome<T>(value, long.Parse(range[0], CultureInfo.InvariantCulture), long.Parse(range[1], CultureInfo.InvariantCulture), duplicate);
    }

    public WriteOutcome<IReadOnlyList<string>> ImportModels(IReadOnlyList<DtdlSource> sources)
    {
        RejectKey();
        var body = new JsonArray();
        foreach (var source in sources)
        {
            // A file may hold one interface or an array of them; the API takes one flat array.
            var node = JsonNode.Parse(source.Text) ?? throw new CliUsageException($"{source.FileName}: empty DTDL file.");
            if (node is JsonArray many) foreach (var m in many) body.Add(m?.DeepClone());
            else body.Add(node);
        }
        var answer = client.Send(HttpMethod.Post, "models", Writing(), ServerClient.JsonBody(body));
        IReadOnlyList<string> ids = [.. answer.Json().AsArray().Select(m => m!["id"]!.GetValue<string>())];
        return Outcome(answer, ids);
    }

    public ModelSet Models(string? dependenciesOf = null)
    {
        var items = client.GetAll("models", Reading(("includeModelDefinition", "true"), ("dependenciesFor", dependenciesOf)));
        var sources = items.Select(m => new DtdlSource(m!["model"]!.ToJsonString(), $"{client.Server}/models/{m["id"]}")).ToArray();
        var parsed = DtdlParser.Parse(sources, ModelSet.Empty).ToDictionary(i => i.Id, StringComparer.Ordinal);
        return ModelSet.Empty.With(items.Select(m =>
        {
            var id = m["id"]!.GetValue<string>();
            return new ModelEntry(parsed[id], DateTimeOffset.Parse(m["uploadTime"]!.GetValue<string>(), CultureInfo.InvariantCulture), m["decommissioned"]?.GetValue<bool>() ?? false);
        }));
    }

    public WriteOutcome<bool> DeleteModel(string id)
    {
        RejectKey();
        return Outcome(client.Send(HttpMethod.Delete, "models/" + ServerClient.Segment(id), Writing()), true);
    }

    public Twin GetTwin(string id) => TwinJson.ReadTwin(client.Send(HttpMethod.Get, Twin(id), Reading()).Element());

    public IReadOnlyList<Twin> ListTwins(string? model)
    {
        var query = model is null ? "SELECT * FROM DIGITALTWINS" : $"SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('{model.Replace("'", "\\'", StringComparison.Ordinal)}')";
        return [.. Query(query).Select(row => TwinJson.ReadTwin(JsonSerializer.SerializeToElement(row, Compact))).OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    public WriteOutcome<Twin> PutTwin(string id, JsonElement body, string? ifMatch, bool createOnly)
    {
        RejectKey();
        var headers = createOnly ? [KeyValuePair.Create("If-None-Match", "*")] : IfMatch(ifMatch);
        var answer = client.Send(HttpMethod.Put, Twin(id), Writing(), new StringContent(body.GetRawText(), Encoding.UTF8, "application/json"), headers);
        return Outcome(answer, TwinJson.ReadTwin(answer.Element()));
    }

    public WriteOutcome<Twin> PatchTwin(string id, IReadOnlyList<JsonPatchOperation> operations, string? ifMatch)
    {
        RejectKey();
        var patch = new JsonArray([.. operations.Select(Operation)]);
        var answer = client.Send(HttpMethod.Patch, Twin(id), Writing(), ServerClient.JsonBody(patch, "application/json-patch+json"), IfMatch(ifMatch));
        var outcome = Outcome(answer, true);
        // The twin as this write left it (a later write cannot slip in between): its state as of the write's last event.
        var twin = TwinJson.ReadTwin(client.Send(HttpMethod.Get, Twin(id),
            [.. Writing(), new("asOf", outcome.LastSequence.ToString(CultureInfo.InvariantCulture))]).Element());
        return new WriteOutcome<Twin>(twin, outcome.FirstSequence, outcome.LastSequence, outcome.Duplicate);
    }

    public WriteOutcome<bool> DeleteTwin(string id, string? ifMatch)
    {
        RejectKey();
        return Outcome(client.Send(HttpMethod.Delete, Twin(id), Writing(), headers: IfMatch(ifMatch)), true);
    }

    public Relationship GetRelationship(string source, string id) =>
        TwinJson.ReadRelationship(client.Send(HttpMethod.Get, Relationship(source, id), Reading()).Element());

    public IReadOnlyList<Relationship> ListRelationships(string twin, string? name, bool incoming)
    {
        if (!incoming)
            return [.. client.GetAll(Twin(twin) + "/relationships", Reading(("relationshipName", name)))
                .Select(r => TwinJson.ReadRelationship(JsonSerializer.SerializeToElement(r, Compact)))];
        // Incoming links name only source and id; each relationship is read for its properties.
        return [.. client.GetAll(Twin(twin) + "/incomingrelationships", Reading())
            .Where(r => name is null || r!["$relationshipName"]?.GetValue<string>() == name)
            .Select(r => GetRelationship(r!["$sourceId"]!.GetValue<string>(), r["$relationshipId"]!.GetValue<string>()))];
    }

    public WriteOutcome<Relationship> PutRelationship(string source, string id, JsonElement body, string? ifMatch)
    {
        RejectKey();
        var answer = client.Send(HttpMethod.Put, Relationship(source, id), Writing(), new StringContent(body.GetRawText(), Encoding.UTF8, "application/json"), IfMatch(ifMatch));
        return Outcome(answer, TwinJson.ReadRelationship(answer.Element()));
    }

    public WriteOutcome<bool> DeleteRelationship(string source, string id, string? ifMatch)
    {
        RejectKey();
        return Outcome(client.Send(HttpMethod.Delete, Relationship(source, id), Writing(), headers: IfMatch(ifMatch)), true);
    }

    public IReadOnlyList<JsonObject> Query(string query)
    {
        var rows = new List<JsonObject>();
        JsonObject body = new() { ["query"] = query };
        while (true)
        {
            var page = client.Send(HttpMethod.Post, "query", Reading(), ServerClient.JsonBody(body)).Json();
            rows.AddRange(page["value"]!.AsArray().Select(r => r!.DeepClone().AsObject()));
            if (page["continuationToken"]?.GetValue<string>() is not { Length: > 0 } token) return rows;
            body = new JsonObject { ["continuationToken"] = token };
        }
    }

    public WriteOutcome<int> AppendTelemetry(string twin, string? component, IReadOnlyList<TelemetryMessage> messages)
    {
        // One batch request: the server applies its lines in order and answers after the commit. Each message gets an
        // id — from --idempotency-key when given, so running the same command again appends nothing twice.
        var prefix = idempotencyKey ?? Guid.NewGuid().ToString("N");
        var ndjson = new StringBuilder();
        for (var i = 0; i < messages.Count; i++)
        {
            var line = new JsonObject
            {
                ["$dtId"] = twin,
                ["$component"] = component,
                ["messageId"] = $"{prefix}:{i + 1}",
                ["sourceTime"] = messages[i].Time is { } t ? TwinJson.Format(t) : null,
                ["telemetry"] = JsonNode.Parse(messages[i].Values.GetRawText()),
            };
            ndjson.Append(line.ToJsonString()).Append('\n');
        }
        var answer = client.Send(HttpMethod.Post, "telemetry/batch", Writing(), new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson")).Json();
        var rejected = answer["rejected"]!.GetValue<long>();
        var accepted = answer["accepted"]!.GetValue<long>();
        if (rejected > 0)
        {
            var first = answer["errors"]!.AsArray().FirstOrDefault();
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"message {first?["line"]}: {first?["error"]} ({rejected} of {messages.Count} message(s) refused; {accepted} appended, which the server keeps).");
        }
        var firstSequence = answer["firstSequence"]?.GetValue<long>();
        var lastSequence = answer["lastSequence"]?.GetValue<long>();
        // The server counts messages; a message holds one point per telemetry name.
        var points = messages.Sum(m => m.Values.EnumerateObject().Count());
        return firstSequence is { } f && lastSequence is { } l
            ? new WriteOutcome<int>(points, f, l, false)
            : new WriteOutcome<int>(0, 1, 0, Duplicate: idempotencyKey is not null && answer["duplicates"]!.GetValue<long>() > 0);
    }

    public IReadOnlyList<TelemetryPoint> ReadTelemetry(string twin, string? name, DateTimeOffset from, DateTimeOffset to) =>
        [.. client.GetAll(Twin(twin) + "/telemetry/points", Reading(
                ("name", name),
                ("from", from == DateTimeOffset.MinValue ? null : TwinJson.Format(from)),
                ("to", to == DateTimeOffset.MaxValue ? null : TwinJson.Format(to))))
            .Select(p => new TelemetryPoint(twin, p["component"]?.GetValue<string>(), p["name"]!.GetValue<string>(),
                DateTimeOffset.Parse(p["time"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                JsonSerializer.SerializeToElement(p["value"], Compact)))];

    public IReadOnlyList<JsonObject> History(HistoryRequest request) =>
        [.. client.GetAll("history", [
                new("branch", request.Branch is null or BranchInfo.Main ? null : request.Branch),
                new("allBranches", request.Branch is null ? "true" : null),
                new("asOf", asOf), new("twin", request.Twin), new("since", request.Since)], request.Limit)
            .Select(e => e.AsObject())];

    public IReadOnlyList<BranchInfo> Branches() => [.. client.GetAll("branches").Select(b => ReadBranch(b))];

    public BranchInfo CreateBranch(string name, string parent, string? at)
    {
        JsonNode? fork = at is null ? null : long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : at;
        var body = new JsonObject { ["name"] = name, ["from"] = parent, ["at"] = fork };
        return ReadBranch(client.Send(HttpMethod.Post, "branches", content: ServerClient.JsonBody(body)).Json());
    }

    public BranchDiff Diff(string name) => BranchDiffJson.FromJson(client.Send(HttpMethod.Get, $"branches/{ServerClient.Segment(name)}/diff").Element());

    public MergeOutcome Merge(string name, WriteContext? context)
    {
        RejectKey();
        var m = client.Send(HttpMethod.Post, $"branches/{ServerClient.Segment(name)}/merge").Json();
        return new MergeOutcome(m["branch"]!.GetValue<string>(), m["parent"]!.GetValue<string>(), m["twins"]!.GetValue<int>(), m["relationships"]!.GetValue<int>(),
            m["telemetryPoints"]!.GetValue<int>(), m["firstSequence"]!.GetValue<long>(), m["lastSequence"]!.GetValue<long>());
    }

    public void DiscardBranch(string name) => client.Send(HttpMethod.Delete, $"branches/{ServerClient.Segment(name)}");

    public IReadOnlyList<StoredResult> Results()
    {
        // The list names each stored result; its own resource gives the time and title it was stored with.
        var ids = client.GetAll("experiments").Select(e => e["resultId"]?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return [.. ids.Select(id => client.Send(HttpMethod.Get, "experiments/" + ServerClient.Segment(id)).Json())
            .Select(v => new StoredResult(v["id"]!.GetValue<string>(), DateTimeOffset.Parse(v["submitted"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                $"{v["name"]!.GetValue<string>()} ({v["type"]!.GetValue<string>()})"))
            .OrderByDescending(r => r.Created).ThenByDescending(r => r.Id, StringComparer.Ordinal)];
    }

    public string? ResultJson(string id)
    {
        try
        {
            return client.Send(HttpMethod.Get, $"experiments/{ServerClient.Segment(id)}/results").Body;
        }
        catch (TwinLabException e) when (e.Code == "ExperimentNotFound")
        {
            return null;
        }
    }

    private static BranchInfo ReadBranch(JsonNode b) => new(b["name"]!.GetValue<string>(), b["parent"]?.GetValue<string>(),
        b["forkSequence"]?.GetValue<long>() ?? 0, b["created"]?.GetValue<string>() is { } created ? DateTimeOffset.Parse(created, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue);

    private static JsonNode Operation(JsonPatchOperation op)
    {
        var node = new JsonObject { ["op"] = op.Op.ToString().ToLowerInvariant(), ["path"] = op.Path };
        if (op.Value is { } v) node["value"] = JsonNode.Parse(v.GetRawText());
        return node;
    }

    private static string Twin(string id) => "digitaltwins/" + ServerClient.Segment(id);

    private static string Relationship(string source, string id) => $"{Twin(source)}/relationships/{ServerClient.Segment(id)}";

    public void Dispose() => client.Dispose();
}
