using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Twins;

/// <summary>The endpoints' twins in the server's own database, through its <see cref="TwinService"/> (the default).</summary>
/// <param name="service">The embedded twin service.</param>
internal sealed class EmbeddedTwinGraph(TwinService service) : ITwinGraphBackend
{
    public GraphSnapshot Current(string branch) => service.SnapshotOf(branch);

    public long LastSequence => service.LastSequence;

    public Task<Twin> GetTwinAsync(string branch, long? asOf, string id) => Task.FromResult(service.SnapshotOf(branch, asOf).GetTwin(id));

    public Task<WriteOutcome<Twin>> PutTwinAsync(string branch, WriteContext context, string id, JsonElement body, string? ifMatch, bool ifNoneMatch) =>
        Task.FromResult(service.Write(branch, context, g => g.CreateOrReplaceTwin(id, body, ifMatch, ifNoneMatch)));

    public Task<WriteOutcome<Twin>> PatchTwinAsync(string branch, WriteContext context, string id, JsonElement patch, string? ifMatch)
    {
        var operations = JsonPatchDocument.Parse(patch);
        return Task.FromResult(service.Write(branch, context, g => g.UpdateTwin(id, operations, ifMatch)));
    }

    public Task<WriteOutcome<bool>> DeleteTwinAsync(string branch, WriteContext context, string id, string? ifMatch) =>
        Task.FromResult(service.Write(branch, context, g =>
        {
            g.DeleteTwin(id, ifMatch);
            return true;
        }));

    public Task<IReadOnlyList<Relationship>> OutgoingAsync(string branch, long? asOf, string id, string? name = null)
    {
        var snapshot = service.SnapshotOf(branch, asOf);
        snapshot.GetTwin(id);
        return Task.FromResult<IReadOnlyList<Relationship>>(snapshot.OutgoingOf(id, name).ToArray());
    }

    public Task<IReadOnlyList<Relationship>> IncomingAsync(string branch, long? asOf, string id)
    {
        var snapshot = service.SnapshotOf(branch, asOf);
        snapshot.GetTwin(id);
        return Task.FromResult<IReadOnlyList<Relationship>>(snapshot.IncomingOf(id).ToArray());
    }

    public Task<WriteOutcome<Relationship>> PutRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement body,
        string? ifMatch, bool ifNoneMatch) =>
        Task.FromResult(service.Write(branch, context, g => g.CreateOrReplaceRelationship(id, relationshipId, body, ifMatch, ifNoneMatch)));

    public Task<WriteOutcome<Relationship>> PatchRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement patch, string? ifMatch)
    {
        var operations = JsonPatchDocument.Parse(patch);
        return Task.FromResult(service.Write(branch, context, g => g.UpdateRelationship(id, relationshipId, operations, ifMatch)));
    }

    public Task<WriteOutcome<bool>> DeleteRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, string? ifMatch) =>
        Task.FromResult(service.Write(branch, context, g =>
        {
            g.DeleteRelationship(id, relationshipId, ifMatch);
            return true;
        }));

    public Task<Core.Models.ModelSet> ModelsAsync(string branch, long? asOf) => Task.FromResult(service.SnapshotOf(branch, asOf).Models);

    public Task<WriteOutcome<IReadOnlyList<string>>> ImportModelsAsync(string branch, WriteContext context, IReadOnlyList<string> documents)
    {
        var sources = documents.Select(d => new Core.Models.DtdlSource(d)).ToArray();
        return Task.FromResult(service.Write<IReadOnlyList<string>>(branch, context, g => g.ImportModels(sources).Select(i => i.Id.ToString()).ToArray()));
    }

    public Task<GraphSnapshot> QueryGraphAsync(string branch, long sequence, ParsedQuery query) => Task.FromResult(QuerySnapshots.For(service).Get(branch, sequence));
}
