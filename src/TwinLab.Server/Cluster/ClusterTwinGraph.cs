using System.Globalization;
using System.Text.Json;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;
using TwinLab.Server.Twins;

namespace TwinLab.Server;

/// <summary>
/// The endpoints' twins on the cluster's twin grains (<c>serve --cluster</c>): every node serves the same twins. Writes
/// run in the twin's grain through the Core's validation, so refusals carry the embedded server's codes and messages;
/// queries run the Core's engine on the part of the graph the index shards send.
/// </summary>
/// <remarks>
/// The grains hold main's current state. With a shared store the node's <see cref="TwinService"/> follows the grains' log
/// (<see cref="TwinService.CatchUp"/>), and branches other than main and <c>?asOf</c> reads are served from it; without
/// one (localhost membership) they are refused. <see cref="Current"/> — what access policies are judged on — puts the whole branch together,
/// so a restricted caller's request costs a read of every shard; an unrestricted one (<c>--dev</c>, admin) never asks.
/// </remarks>
/// <param name="twins">The cluster's twin operations.</param>
/// <param name="log">With a shared store (<c>membership: postgres</c>): the node's <see cref="TwinService"/> over the twin
/// grains' log, which serves branches other than main and <c>?asOf</c>; <c>null</c> refuses them.</param>
internal sealed class ClusterTwinGraph(ClusterTwins twins, ITwinGraphBackend? log = null) : ITwinGraphBackend
{
    public GraphSnapshot Current(string branch) => Local(branch, null) is { } local ? local.Current(branch)
        : Run(() => twins.SnapshotAsync(branch)).GetAwaiter().GetResult();

    // Twin grains keep no log position of their own: a query's pages read the shards afresh.
    public long LastSequence => 0;

    public async Task<Twin> GetTwinAsync(string branch, long? asOf, string id)
    {
        if (Local(branch, asOf) is { } local) return await local.GetTwinAsync(branch, asOf, id);
        var reply = await Run(() => twins.Twin(branch, id).GetAsync());
        return reply is null ? throw NotFound(id) : ReadTwin(reply.Json);
    }

    public async Task<WriteOutcome<Twin>> PutTwinAsync(string branch, WriteContext context, string id, JsonElement body, string? ifMatch, bool ifNoneMatch) =>
        Local(branch, null) is { } local ? await local.PutTwinAsync(branch, context, id, body, ifMatch, ifNoneMatch) : TwinOutcome(await Write(context, () => twins.Twin(branch, id).PutAsync(body.GetRawText(), ifMatch, ifNoneMatch)));

    public async Task<WriteOutcome<Twin>> PatchTwinAsync(string branch, WriteContext context, string id, JsonElement patch, string? ifMatch) =>
        Local(branch, null) is { } local ? await local.PatchTwinAsync(branch, context, id, patch, ifMatch) : TwinOutcome(await Write(context, () => twins.Twin(branch, id).PatchAsync(patch.GetRawText(), ifMatch)));

    public async Task<WriteOutcome<bool>> DeleteTwinAsync(string branch, WriteContext context, string id, string? ifMatch)
    {
        if (Local(branch, null) is { } local) return await local.DeleteTwinAsync(branch, context, id, ifMatch);
        var sequence = await Write(context, () => twins.Twin(branch, id).DeleteAsync(ifMatch));
        return new WriteOutcome<bool>(true, sequence, sequence, Duplicate: false);
    }

    public async Task<IReadOnlyList<Relationship>> OutgoingAsync(string branch, long? asOf, string id, string? name = null)
    {
        if (Local(branch, asOf) is { } local) return await local.OutgoingAsync(branch, asOf, id, name);
        var grain = twins.Twin(branch, id);
        if (await Run(grain.GetAsync) is null) throw NotFound(id);
        return (await Run(grain.ListRelationshipsAsync)).Select(ReadRelationship).Where(r => name is null || r.Name == name).ToArray();
    }

    public async Task<IReadOnlyList<Relationship>> IncomingAsync(string branch, long? asOf, string id)
    {
        if (Local(branch, asOf) is { } local) return await local.IncomingAsync(branch, asOf, id);
        var grain = twins.Twin(branch, id);
        if (await Run(grain.GetAsync) is null) throw NotFound(id);
        return (await Run(grain.ListIncomingAsync)).Select(ReadRelationship).ToArray();
    }

    public async Task<WriteOutcome<Relationship>> PutRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement body,
        string? ifMatch, bool ifNoneMatch) =>
        Local(branch, null) is { } local ? await local.PutRelationshipAsync(branch, context, id, relationshipId, body, ifMatch, ifNoneMatch) : Outcome(ReadRelationship(await Write(context, () => twins.Twin(branch, id).PutRelationshipAsync(relationshipId, body.GetRawText(), ifMatch, ifNoneMatch))));

    public async Task<WriteOutcome<Relationship>> PatchRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement patch, string? ifMatch) =>
        Local(branch, null) is { } local ? await local.PatchRelationshipAsync(branch, context, id, relationshipId, patch, ifMatch) : Outcome(ReadRelationship(await Write(context, () => twins.Twin(branch, id).PatchRelationshipAsync(relationshipId, patch.GetRawText(), ifMatch))));

    public async Task<WriteOutcome<bool>> DeleteRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, string? ifMatch)
    {
        if (Local(branch, null) is { } local) return await local.DeleteRelationshipAsync(branch, context, id, relationshipId, ifMatch);
        var sequence = await Write(context, () => twins.Twin(branch, id).DeleteRelationshipAsync(relationshipId, ifMatch));
        return new WriteOutcome<bool>(true, sequence, sequence, Duplicate: false);
    }

    public Task<GraphSnapshot> QueryGraphAsync(string branch, long sequence, ParsedQuery query)
    {
        // LastSequence (0) stands for "now" here; the node's service knows "now" as its own position.
        var asOf = sequence == LastSequence ? (long?)null : sequence;
        if (Local(branch, asOf) is { } local) return local.QueryGraphAsync(branch, asOf ?? local.LastSequence, query);
        return Run(() => twins.SnapshotForAsync(branch, query));
    }

    public Task<ModelSet> ModelsAsync(string branch, long? asOf)
    {
        if (Local(branch, asOf) is { } local) return local.ModelsAsync(branch, asOf);
        return Run(() => twins.ModelSetAsync(branch));
    }

    public async Task<WriteOutcome<IReadOnlyList<string>>> ImportModelsAsync(string branch, WriteContext context, IReadOnlyList<string> documents)
    {
        if (Local(branch, null) is { } local) return await local.ImportModelsAsync(branch, context, documents);
        var added = await Write(context, () => twins.Models(branch).ImportAsync(documents));
        return new(added.Ids, added.Sequence, added.Sequence, added.Duplicate);
    }

    /// <summary>A grain call that writes, made as <paramref name="context"/>'s caller (<see cref="ClusterWriteContext"/>: the
    /// twin's events record the request's actor, as on the embedded server). Async, so the context ends with the call.</summary>
    private static async Task<T> Write<T>(WriteContext context, Func<Task<T>> call)
    {
        ClusterWriteContext.Set(context);
        return await Run(call);
    }

    /// <summary>A grain's refusal as the embedded server's error (same code, same message, so the same status and body).</summary>
    private static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (TwinRejectedException e)
        {
            throw new TwinLabException(e.Code, e.Message);
        }
    }

    /// <summary>Where a read or write of <paramref name="branch"/> (as of <paramref name="asOf"/>) goes when not to the
    /// grains: the node's log-following service, or <c>null</c> for main's current state (the grains).</summary>
    /// <exception cref="TwinLabException">A branch or <c>?asOf</c> on a node without a shared store.</exception>
    private ITwinGraphBackend? Local(string branch, long? asOf)
    {
        if (branch == BranchInfo.Main && asOf is null) return null;
        if (log is not null) return log;
        if (branch != BranchInfo.Main)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Branch '{branch}': a cluster node with localhost membership serves the twins of main only (the twin grains fork no branches, and there is no shared store to fork from); leave out ?branch.");
        throw new TwinLabException(ErrorCodes.InvalidArgument, "?asOf is not served by a cluster node with localhost membership: its twin grains hold only the current state, and there is no shared log.");
    }

    private static TwinLabException NotFound(string id) => new(ErrorCodes.DigitalTwinNotFound, $"Twin '{id}' not found.");

    /// <summary>A twin write's outcome; a repeated idempotency key's (<see cref="TwinReply.Duplicate"/>) carries the twin as
    /// the earlier write answered it, and says so (<c>TwinLab-Sequence: N-N; duplicate</c>).</summary>
    private static WriteOutcome<Twin> TwinOutcome(TwinReply reply) => Outcome(ReadTwin(reply.Json)) with { Duplicate = reply.Duplicate };

    /// <summary>A write's outcome: the ETag names the sequence number of the change (as on the embedded server).</summary>
    private static WriteOutcome<T> Outcome<T>(T value) where T : class
    {
        var etag = value switch
        {
            Twin t => t.ETag,
            Relationship r => r.ETag,
            _ => "",
        };
        var sequence = etag.StartsWith("W/\"", StringComparison.Ordinal) && long.TryParse(etag.AsSpan(3, etag.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new WriteOutcome<T>(value, sequence, sequence, Duplicate: false);
    }

    private static Twin ReadTwin(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return TwinJson.ReadTwin(doc.RootElement);
    }

    private static Relationship ReadRelationship(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return TwinJson.ReadRelationship(doc.RootElement);
    }
}
