using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

/// <summary>
/// One change made to the graph. A store persists changes; a later event log records them as events.
/// </summary>
public abstract record GraphChange;

/// <summary>Models were imported (one batch, all or nothing).</summary>
/// <param name="Models">The interfaces the batch produced.</param>
public sealed record ModelsImported(IReadOnlyList<ModelEntry> Models) : GraphChange
{
    /// <summary>The documents as submitted; replaying the log re-parses these against the models before them.</summary>
    public IReadOnlyList<DtdlSource> Sources { get; init; } = [];
}

/// <summary>A model was deleted.</summary>
public sealed record ModelDeleted(string ModelId) : GraphChange;

/// <summary>A model's decommissioned flag changed.</summary>
public sealed record ModelDecommissioned(string ModelId, bool Decommissioned) : GraphChange;

/// <summary>A twin was created, replaced or patched; <see cref="Twin"/> is its new full state.</summary>
public sealed record TwinWritten(Twin Twin, bool Created) : GraphChange;

/// <summary>A twin was deleted.</summary>
public sealed record TwinDeleted(string TwinId) : GraphChange;

/// <summary>A relationship was created, replaced or patched.</summary>
public sealed record RelationshipWritten(Relationship Relationship, bool Created) : GraphChange;

/// <summary>A relationship was deleted.</summary>
public sealed record RelationshipDeleted(string SourceId, string RelationshipId) : GraphChange
{
    /// <summary>The twin the relationship pointed at (so the history of that twin shows the deletion too).</summary>
    public string? TargetId { get; init; }
}

/// <summary>Telemetry points were appended.</summary>
public sealed record TelemetryAppended(IReadOnlyList<TelemetryPoint> Points) : GraphChange;

/// <summary>
/// What is left of an event whose content a purge erased (see <see cref="Application.TwinService.Purge"/>): it keeps its
/// sequence number, time, actor and branch, so every other event keeps its number and history still folds, but says
/// nothing about what it was.
/// </summary>
public sealed record ContentErased : GraphChange;

/// <summary>The record of a purge: how many twins were erased, named only by a hash of each id (see
/// <see cref="Erasure.PurgeScope.HashOf"/>), so the log shows that a purge happened without keeping whom it erased.</summary>
/// <param name="TwinHashes">The hash of each purged twin's id.</param>
public sealed record TwinsPurged(IReadOnlyList<string> TwinHashes) : GraphChange;
