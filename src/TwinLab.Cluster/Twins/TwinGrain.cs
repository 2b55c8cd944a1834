using System.Collections.Immutable;
using System.Text.Json;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// One twin: every write runs on a <see cref="TwinGraph"/> holding just this twin, its relationships (and, for a new
/// relationship, its target as the target's grain reported it), so the Core validates it exactly as in one process — the
/// model's properties and schemas, ETags, relationship names, target models, multiplicities, relationships left on delete.
/// </summary>
/// <remarks>
/// State is the fold of the twin's events in the store (main branch), read on activation; without a store it lives in
/// memory only. Each change goes to the branch's index shard for this twin, which is what queries read.
/// </remarks>
internal sealed class TwinGrain(BranchModels models, TwinStoreAccess store, ClusterTwinOptions options, TimeProvider time) : Grain, ITwinGrain
{
    private string _branch = "";
    private string _id = "";
    private Twin? _twin;
    // The last sequence number this twin's writes produced: without a store, the next write's ETag still rises above it.
    private long _version;
    private ImmutableDictionary<string, Relationship> _outgoing = ImmutableDictionary<string, Relationship>.Empty;
    private ImmutableDictionary<RelationshipKey, Relationship> _incoming = ImmutableDictionary<RelationshipKey, Relationship>.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_branch, _id) = TwinKey.Split(this.GetPrimaryKeyString());
        if (!store.IsConfigured) return;
        var events = await store.ReadAsync(new EventFilter(Branch: _branch, TwinId: _id));
        Take(EventFold.Apply(GraphSnapshot.Empty with { Models = await models.GetAsync(GrainFactory, _branch) }, events));
        // The log is read in sequence order: the last event is the twin's latest change, so its next ETag rises above it.
        _version = events.Count > 0 ? events[^1].Sequence : 0;
    }

    public Task<TwinReply?> GetAsync() => Task.FromResult(_twin is null ? null : Reply(_twin));

    public async Task<TwinReply> PutAsync(string bodyJson, string? ifMatch = null, bool ifNoneMatch = false)
    {
        using var body = Parse(bodyJson, "twin body");
        return await WriteAsync(g => g.CreateOrReplaceTwin(_id, body.RootElement, ifMatch, ifNoneMatch)) is { } replay ? ReplayedTwin(replay) : Reply(_twin!);
    }

    public async Task<TwinReply> PatchAsync(string patchJson, string? ifMatch = null)
    {
        using var patch = Parse(patchJson, "JSON Patch");
        var operations = Rejecting(() => JsonPatchDocument.Parse(patch.RootElement));
        return await WriteAsync(g => g.UpdateTwin(_id, operations, ifMatch)) is { } replay ? ReplayedTwin(replay) : Reply(_twin!);
    }

    public async Task<long> DeleteAsync(string? ifMatch = null)
    {
        if (await WriteAsync(g => g.DeleteTwin(_id, ifMatch)) is { } replay)
            return replay.Sequence<TwinDeleted>(d => d.TwinId == _id) ?? throw replay.KeyUsedElsewhere($"delete twin '{_id}'");
        DeactivateOnIdle();
        return _version;
    }

    public async Task<string> PutRelationshipAsync(string relationshipId, string bodyJson, string? ifMatch = null, bool ifNoneMatch = false)
    {
        using var body = Parse(bodyJson, $"relationship '{relationshipId}'");
        // The target may live on another silo: its grain says whether it exists and what it is; the Core does the rest.
        var targetId = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("$targetId", out var t)
            && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        Twin? target = null;
        if (targetId is not null && targetId != _id && await Twin(targetId).GetAsync() is { } reply)
        {
            using var doc = JsonDocument.Parse(reply.Json);
            target = TwinJson.ReadTwin(doc.RootElement);
        }
        var previous = _outgoing.GetValueOrDefault(relationshipId);
        if (await WriteAsync(g => g.CreateOrReplaceRelationship(_id, relationshipId, body.RootElement, ifMatch, ifNoneMatch), target) is { } replay)
            return ReplayedRelationship(replay, relationshipId);
        var written = _outgoing[relationshipId];
        await Shard().ApplyRelationshipAsync(_id, relationshipId, TwinJson.ToJson(written));
        if (previous is not null && previous.TargetId != written.TargetId) await TellTarget(previous.TargetId, relationshipId, null);
        await TellTarget(written.TargetId, relationshipId, written);
        return TwinJson.ToJson(written);
    }

    public async Task<string> PatchRelationshipAsync(string relationshipId, string patchJson, string? ifMatch = null)
    {
        using var patch = Parse(patchJson, "JSON Patch");
        var operations = Rejecting(() => JsonPatchDocument.Parse(patch.RootElement));
        if (await WriteAsync(g => g.UpdateRelationship(_id, relationshipId, operations, ifMatch)) is { } replay)
            return ReplayedRelationship(replay, relationshipId);
        var written = _outgoing[relationshipId];
        var json = TwinJson.ToJson(written);
        await Shard().ApplyRelationshipAsync(_id, relationshipId, json);
        await TellTarget(written.TargetId, relationshipId, written);
        return json;
    }

    public async Task<long> DeleteRelationshipAsync(string relationshipId, string? ifMatch = null)
    {
        var previous = _outgoing.GetValueOrDefault(relationshipId);
        if (await WriteAsync(g => g.DeleteRelationship(_id, relationshipId, ifMatch)) is { } replay)
            return replay.Sequence<RelationshipDeleted>(d => d.SourceId == _id && d.RelationshipId == relationshipId)
                ?? throw replay.KeyUsedElsewhere($"delete relationship '{relationshipId}' of twin '{_id}'");
        await Shard().ApplyRelationshipAsync(_id, relationshipId, null);
        if (previous is not null) await TellTarget(previous.TargetId, relationshipId, null);
        return _version;
    }

    public Task<IReadOnlyList<string>> ListRelationshipsAsync() =>
        Task.FromResult<IReadOnlyList<string>>(_outgoing.Values.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => TwinJson.ToJson(r)).ToArray());

    public Task<IReadOnlyList<string>> ListIncomingAsync() =>
        Task.FromResult<IReadOnlyList<string>>(_incoming.Values.OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => TwinJson.ToJson(r)).ToArray());

    public Task SetIncomingAsync(string sourceId, string relationshipId, string? relationshipJson)
    {
        var key = new RelationshipKey(sourceId, relationshipId);
        if (relationshipJson is null) _incoming = _incoming.Remove(key);
        else
        {
            using var doc = JsonDocument.Parse(relationshipJson);
            _incoming = _incoming.SetItem(key, TwinJson.ReadRelationship(doc.RootElement));
        }
        return Task.CompletedTask;
    }

    /// <summary>Makes a write and stores it, recorded with the caller's actor (<see cref="ClusterWriteContext"/>).</summary>
    /// <returns><c>null</c> once written; for a write whose idempotency key was committed before — which changes nothing,
    /// whatever the twin has become since (even deleted) — that earlier write, to answer as it did.</returns>
    private async Task<ReplayedWrite?> WriteAsync(Action<TwinGraph> write, Twin? target = null)
    {
        var context = ClusterWriteContext.Current();
        var modelSet = await models.GetAsync(GrainFactory, _branch);
        var graph = new TwinGraph(Neighbourhood(modelSet, target), time);
        StoreWrite stored;
        try
        {
            stored = await store.WriteAsync(_branch, graph, write, context);
        }
        catch (Exception e) when (e is not TwinRejectedException)
        {
            // The store's answer is unknown (a commit can land although its connection failed, for a whole batch of
            // writes): the grain must not go on from its state before the write, so its next call reloads from the log.
            this.DeactivateOnIdle();
            throw;
        }
        if (stored.Duplicate) return new ReplayedWrite(context.IdempotencyKey!, stored.Original, modelSet);
        _version = graph.Version;
        Take(graph.Snapshot());
        await Shard().ApplyAsync(_id, _twin is null ? null : TwinJson.ToJson(_twin));
        return null;
    }

    /// <summary>A replayed twin write's answer: this twin as the earlier write left it, its ETag that write's.</summary>
    private TwinReply ReplayedTwin(ReplayedWrite replay) =>
        replay.Last<TwinWritten>(w => w.Twin.Id == _id) is { } written
            ? Reply(written.Twin) with { Duplicate = true }
            : throw replay.KeyUsedElsewhere($"write twin '{_id}'");

    /// <summary>A replayed relationship write's answer: the relationship as the earlier write left it.</summary>
    private string ReplayedRelationship(ReplayedWrite replay, string relationshipId) =>
        replay.Last<RelationshipWritten>(w => w.Relationship.SourceId == _id && w.Relationship.Id == relationshipId) is { } written
            ? TwinJson.ToJson(written.Relationship)
            : throw replay.KeyUsedElsewhere($"write relationship '{relationshipId}' of twin '{_id}'");

    /// <summary>The index shard that holds this twin and its outgoing relationships.</summary>
    private ITwinIndexGrain Shard() =>
        GrainFactory.GetGrain<ITwinIndexGrain>(TwinKey.Of(_branch, IndexShards.Of(_id, options.IndexShards).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>This twin, its relationships both ways and (for a new relationship) its target: all a write can touch.</summary>
    private GraphSnapshot Neighbourhood(ModelSet modelSet, Twin? target)
    {
        var replayer = new TwinGraphReplayer(GraphSnapshot.Empty with { Models = modelSet });
        if (_twin is not null) replayer.Apply(new TwinWritten(_twin, Created: false));
        if (target is not null) replayer.Apply(new TwinWritten(target, Created: false));
        foreach (var r in _outgoing.Values) replayer.Apply(new RelationshipWritten(r, Created: false));
        foreach (var r in _incoming.Values) replayer.Apply(new RelationshipWritten(r, Created: false));
        return replayer.ToSnapshot(_version);
    }

    private void Take(GraphSnapshot state)
    {
        _twin = state.Twins.TryGetValue(_id, out var twin) ? twin : null;
        _outgoing = state.OutgoingOf(_id).ToImmutableDictionary(r => r.Id, StringComparer.Ordinal);
        _incoming = state.IncomingOf(_id).ToImmutableDictionary(r => new RelationshipKey(r.SourceId, r.Id));
    }

    private Task TellTarget(string targetId, string relationshipId, Relationship? relationship)
    {
        if (targetId != _id) return Twin(targetId).SetIncomingAsync(_id, relationshipId, relationship is null ? null : TwinJson.ToJson(relationship));
        // A relationship to itself: the grain cannot call itself while busy (it is not reentrant), and needs not.
        var key = new RelationshipKey(_id, relationshipId);
        _incoming = relationship is null ? _incoming.Remove(key) : _incoming.SetItem(key, relationship);
        return Task.CompletedTask;
    }

    private ITwinGrain Twin(string id) => GrainFactory.GetGrain<ITwinGrain>(TwinKey.Of(_branch, id));

    private static TwinReply Reply(Twin twin) => new(TwinJson.ToJson(twin), twin.ETag, twin.ModelId);

    private static JsonDocument Parse(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TwinRejectedException(Core.Errors.ErrorCodes.InvalidArgument, $"The {what} is not valid JSON: {e.Message}");
        }
    }

    private static T Rejecting<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Core.Errors.TwinLabException e)
        {
            throw new TwinRejectedException(e.Code, e.Message);
        }
    }
}
