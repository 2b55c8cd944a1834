namespace TwinLab.Cluster.Twins;

/// <summary>
/// One twin on one branch (key <see cref="TwinKey.Of"/>): holds its state and its outgoing relationships, applies writes
/// through the Core's validation — the code the embedded server runs — persists them to the store and routes each change
/// to its branch's query index.
/// </summary>
/// <remarks>Refusals carry the Core's error code and message in a <see cref="TwinRejectedException"/>.</remarks>
public interface ITwinGrain : IGrainWithStringKey
{
    /// <summary>The twin as JSON (the API's shape), or <c>null</c> when it does not exist.</summary>
    Task<TwinReply?> GetAsync();

    /// <summary>Creates or replaces the twin from a JSON body with <c>$metadata.$model</c>.</summary>
    /// <param name="bodyJson">The twin.</param>
    /// <param name="ifMatch">Replace only this ETag (or <c>*</c>: only an existing twin).</param>
    /// <param name="ifNoneMatch">Only create: refuse when the twin exists (<c>If-None-Match: *</c>).</param>
    Task<TwinReply> PutAsync(string bodyJson, string? ifMatch = null, bool ifNoneMatch = false);

    /// <summary>Applies a JSON Patch (RFC 6902) atomically.</summary>
    Task<TwinReply> PatchAsync(string patchJson, string? ifMatch = null);

    /// <summary>Deletes the twin; refused while relationships remain.</summary>
    /// <returns>The sequence number of the deletion.</returns>
    Task<long> DeleteAsync(string? ifMatch = null);

    /// <summary>Creates or replaces an outgoing relationship; its target (perhaps on another silo) is asked whether it exists.</summary>
    /// <returns>The relationship as JSON.</returns>
    Task<string> PutRelationshipAsync(string relationshipId, string bodyJson, string? ifMatch = null, bool ifNoneMatch = false);

    /// <summary>Applies a JSON Patch (RFC 6902) to an outgoing relationship's properties.</summary>
    /// <returns>The relationship as JSON.</returns>
    Task<string> PatchRelationshipAsync(string relationshipId, string patchJson, string? ifMatch = null);

    /// <summary>Deletes an outgoing relationship.</summary>
    /// <returns>The sequence number of the deletion.</returns>
    Task<long> DeleteRelationshipAsync(string relationshipId, string? ifMatch = null);

    /// <summary>The outgoing relationships as JSON.</summary>
    Task<IReadOnlyList<string>> ListRelationshipsAsync();

    /// <summary>The relationships pointing at this twin as JSON.</summary>
    Task<IReadOnlyList<string>> ListIncomingAsync();

    /// <summary>Records or forgets a relationship pointing at this twin (called by its source twin's grain).</summary>
    /// <param name="relationshipJson">The relationship, or <c>null</c> to forget <paramref name="sourceId"/>'s <paramref name="relationshipId"/>.</param>
    /// <param name="sourceId">The source twin.</param>
    /// <param name="relationshipId">The relationship's id.</param>
    Task SetIncomingAsync(string sourceId, string relationshipId, string? relationshipJson);
}

/// <summary>A twin as returned by its grain.</summary>
/// <param name="Json">The twin in the API's JSON shape.</param>
/// <param name="ETag">Its ETag.</param>
/// <param name="ModelId">Its model.</param>
/// <param name="Duplicate">The write's idempotency key had been committed before: nothing was written, and this is the twin
/// as that earlier write answered it (it may have changed, or been deleted, since).</param>
[GenerateSerializer, Immutable, Alias("twinlab.TwinReply")]
public sealed record TwinReply([property: Id(0)] string Json, [property: Id(1)] string ETag, [property: Id(2)] string ModelId,
    [property: Id(3)] bool Duplicate = false);

/// <summary>A write the Core refused (bad patch, unknown model, failed precondition), with its error code.</summary>
[GenerateSerializer, Alias("twinlab.TwinRejectedException")]
public sealed class TwinRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TwinRejectedException(string code, string message) : base(message) => Code = code;

    /// <summary>The Core's error code (e.g. <c>ValidationFailed</c>, <c>PreconditionFailed</c>).</summary>
    [Id(0)] public string Code { get; }
}
