using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Twins;

/// <summary>
/// Where the ADT endpoints' twins, relationships and queries live: the embedded <see cref="TwinService"/>
/// (<see cref="EmbeddedTwinGraph"/>), or the cluster's twin grains under <c>serve --cluster</c> (<c>ClusterTwinGraph</c>).
/// The endpoints do their HTTP work (bodies, headers, paging, access checks) the same way on both.
/// </summary>
/// <remarks>Refusals are <see cref="Core.Errors.TwinLabException"/>s with the Core's codes and messages on both, so status
/// codes and error bodies are the same.</remarks>
public interface ITwinGraphBackend
{
    /// <summary>The current state of <paramref name="branch"/>, which access policies are judged on (twin subtrees, models).</summary>
    GraphSnapshot Current(string branch);

    /// <summary>The log position a query's first page reads at, so its later pages read the same state.</summary>
    long LastSequence { get; }

    /// <summary>A twin (404 <c>DigitalTwinNotFound</c> when absent).</summary>
    Task<Twin> GetTwinAsync(string branch, long? asOf, string id);

    /// <summary>Creates or replaces a twin.</summary>
    Task<WriteOutcome<Twin>> PutTwinAsync(string branch, WriteContext context, string id, JsonElement body, string? ifMatch, bool ifNoneMatch);

    /// <summary>Applies a JSON Patch (already checked to parse) to a twin.</summary>
    Task<WriteOutcome<Twin>> PatchTwinAsync(string branch, WriteContext context, string id, JsonElement patch, string? ifMatch);

    /// <summary>Deletes a twin that has no relationships.</summary>
    Task<WriteOutcome<bool>> DeleteTwinAsync(string branch, WriteContext context, string id, string? ifMatch);

    /// <summary>A twin's outgoing relationships, optionally of one name (404 when the twin is absent).</summary>
    Task<IReadOnlyList<Relationship>> OutgoingAsync(string branch, long? asOf, string id, string? name = null);

    /// <summary>The relationships pointing at a twin (404 when the twin is absent).</summary>
    Task<IReadOnlyList<Relationship>> IncomingAsync(string branch, long? asOf, string id);

    /// <summary>Creates or replaces a relationship.</summary>
    Task<WriteOutcome<Relationship>> PutRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement body,
        string? ifMatch, bool ifNoneMatch);

    /// <summary>Applies a JSON Patch (already checked to parse) to a relationship's properties.</summary>
    Task<WriteOutcome<Relationship>> PatchRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, JsonElement patch, string? ifMatch);

    /// <summary>Deletes a relationship.</summary>
    Task<WriteOutcome<bool>> DeleteRelationshipAsync(string branch, WriteContext context, string id, string relationshipId, string? ifMatch);

    /// <summary>The models of <paramref name="branch"/> (as of <paramref name="asOf"/>).</summary>
    Task<Core.Models.ModelSet> ModelsAsync(string branch, long? asOf);

    /// <summary>Validates and imports DTDL documents as one batch, all or nothing; the ids of the interfaces added.</summary>
    Task<WriteOutcome<IReadOnlyList<string>>> ImportModelsAsync(string branch, WriteContext context, IReadOnlyList<string> documents);

    /// <summary>The state of <paramref name="branch"/> at <paramref name="sequence"/> that <paramref name="query"/> needs.</summary>
    Task<GraphSnapshot> QueryGraphAsync(string branch, long sequence, ParsedQuery query);
}
