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
/// The grains hold the current state of each branch's twins: <c>?asOf</c> is refused, and only main is served (a branch is
/// not forked on the cluster). <see cref="Current"/> — what access policies are judged on — puts the whole branch together,
/// so a restricted caller's request costs a read of every shard; an unrestricted one (<c>--dev</c>, admin) never asks.
/// </remarks>
/// <param name="twins">The cluster's twin operations.</param>
internal sealed class ClusterTwinGraph(ClusterTwins twins) : ITwinGraphBackend
{
    public GraphSnapshot Current(string branch) => Run(() => twins.SnapshotAsync(OnMain(branch))).GetAwaiter().GetResult();

    // Twin grains keep no log position of their own: a query's pages read the shards afresh.
    public long LastSequence => 0;

    public async Task<Twin> GetTwinAsync(string branch, long? asOf, string id)
    {
        NoAsOf(asOf);
        var reply = await Run(() => twins.Twin(OnMain(branch), id).GetAsync());
        return reply is null ? throw NotFound(id) : ReadTwin(reply.Json);
    }

    public async Task<WriteOutcome<Twin>> PutTwinAsync(string branch, WriteContext context, string id, JsonElement body, string? ifMatch, bool ifNoneMatch) =>
        Outcome(ReadTwin((await Write(context, () => twins.Twin(OnMain(branch), id).PutAsync(body.GetRawText(), ifMatch, ifNoneMatch))).Json));

    public async Task<WriteOutcome<Twin>> PatchTwinAsync(string branch, WriteContext context, string id, JsonElement patch, string? ifMatch) =>
        Outcome(ReadTwin((await Write(context, () => twins.Twin(OnMain(branch), id).PatchAsync(patch.GetRawText(), ifMatch))).Json));

    public async Task<WriteOutcome<bool>> DeleteTwinAsync(string branch, WriteContext context, string id, string? ifMatch)
    {
        var sequence = await Write(context, () => twins.Twin(OnMain(branch), id).DeleteAsync(ifMatch));
        return new WriteOutcome<bool>(true, sequence, sequence, Duplicate: false);
    }

    public async Task<IReadOnlyList<Relationship>> OutgoingAsync(string branch, long? asOf, string id, string? name = null)
    {
        NoAsOf(asOf);
        var grain = twins.Twin(OnMain(branch), id);
        if (await Run(grain.GetAsync) is null) throw NotFound(id);
        return (await Run(grain.ListRelationshipsAsync)).Select(ReadRelationship).Where(r => name is null || r.Name == name).ToArray();
    }

    public async Task<IReadOnlyList<Relationship>> IncomingAsync(string branch, long? asOf, string id)
    {
        NoAsOf(asOf);
        var grain = twins.Twin(OnMain(branch), id);
        if (await Run(grain.GetAsync) is null) throw NotFound(id);
        return (await Run(grain.ListIncomingAsync)).Select(ReadRelationship).ToArray();
    }

    public async Task<WriteOutcome<Relationship>> PutRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement body,
        string? ifMatch, bool ifNoneMatch) =>
        Outcome(ReadRelationship(await Write(context, () => twins.Twin(OnMain(branch), id).PutRelationshipAsync(relationshipId, body.GetRawText(), ifMatch, ifNoneMatch))));

    public async Task<WriteOutcome<Relationship>> PatchRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement patch, string? ifMatch) =>
        Outcome(ReadRelationship(await Write(context, () => twins.Twin(OnMain(branch), id).PatchRelationshipAsync(relationshipId, patch.GetRawText(), ifMatch))));

    public async Task<WriteOutcome<bool>> DeleteRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, string? ifMatch)
    {
        var sequence = await Write(context, () => twins.Twin(OnMain(branch), id).DeleteRelationshipAsync(relationshipId, ifMatch));
        return new WriteOutcome<bool>(true, sequence, sequence, Duplicate: false);
    }

    public Task<GraphSnapshot> QueryGraphAsync(string branch, long sequence, ParsedQuery query)
    {
        NoAsOf(sequence == LastSequence ? null : sequence);
        return Run(() => twins.SnapshotForAsync(OnMain(branch), query));
    }

    public Task<ModelSet> ModelsAsync(string branch, long? asOf)
    {
        NoAsOf(asOf);
        return Run(() => twins.ModelSetAsync(OnMain(branch)));
    }

    public async Task<WriteOutcome<IReadOnlyList<string>>> ImportModelsAsync(string branch, WriteContext context, IReadOnlyList<string> documents)
    {
        var added = await Write(context, () => twins.Models(OnMain(branch)).ImportAsync(documents));
        return new(added.Ids, added.Sequence, added.Sequence, Duplicate: false);
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

    private static string OnMain(string branch) => branch == BranchInfo.Main
        ? branch
        : throw new TwinLabException(ErrorCodes.InvalidArgument,
            $"Branch '{branch}': a cluster node serves the twins of main only (the twin grains fork no branches); leave out ?branch.");

    private static void NoAsOf(long? asOf)
    {
        if (asOf is not null)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "?asOf is not served by a cluster node: its twin grains hold only the current state.");
    }

    private static TwinLabException NotFound(string id) => new(ErrorCodes.DigitalTwinNotFound, $"Twin '{id}' not found.");

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
