using System.Text.Json;

namespace TwinLab.Core.Twins;

/// <summary>A property value with the time it was last written.</summary>
/// <param name="Value">The value (an immutable, self-contained <see cref="JsonElement"/>).</param>
/// <param name="LastUpdateTime">When the value was last written.</param>
public sealed record TwinProperty(JsonElement Value, DateTimeOffset LastUpdateTime);

/// <summary>The state of one component of a twin.</summary>
/// <param name="Properties">The component's properties.</param>
/// <param name="LastUpdateTime">When the component was last written.</param>
public sealed record TwinComponent(SmallMap<TwinProperty> Properties, DateTimeOffset LastUpdateTime);

/// <summary>
/// A digital twin: an instance of a model with property values and components.
/// </summary>
/// <remarks>Immutable; every write produces a new instance with a new <see cref="ETag"/>.</remarks>
public sealed record Twin
{
    /// <summary>The twin id (<c>$dtId</c>).</summary>
    public required string Id { get; init; }
    /// <summary>The model (<c>$metadata.$model</c>).</summary>
    public required string ModelId { get; init; }
    /// <summary>Weak ETag of this version (<c>$etag</c>).</summary>
    public required string ETag { get; init; }
    /// <summary>Top-level property values.</summary>
    public SmallMap<TwinProperty> Properties { get; init; } = SmallMap<TwinProperty>.Empty;
    /// <summary>Component values.</summary>
    public SmallMap<TwinComponent> Components { get; init; } = SmallMap<TwinComponent>.Empty;
    /// <summary>When the twin was last written (<c>$metadata.$lastUpdateTime</c>).</summary>
    public required DateTimeOffset LastUpdateTime { get; init; }
}

/// <summary>A directed, named edge between two twins.</summary>
/// <remarks>Immutable. The key is (<see cref="SourceId"/>, <see cref="Id"/>), as in Azure Digital Twins.</remarks>
public sealed record Relationship
{
    /// <summary>The relationship id (<c>$relationshipId</c>), unique per source twin.</summary>
    public required string Id { get; init; }
    /// <summary>The source twin (<c>$sourceId</c>).</summary>
    public required string SourceId { get; init; }
    /// <summary>The target twin (<c>$targetId</c>).</summary>
    public required string TargetId { get; init; }
    /// <summary>The relationship's name in the source model (<c>$relationshipName</c>).</summary>
    public required string Name { get; init; }
    /// <summary>Weak ETag (<c>$etag</c>).</summary>
    public required string ETag { get; init; }
    /// <summary>Relationship property values.</summary>
    public SmallMap<JsonElement> Properties { get; init; } = SmallMap<JsonElement>.Empty;
}

/// <summary>One telemetry value of a twin at a time.</summary>
/// <param name="TwinId">The twin.</param>
/// <param name="Component">The component path, or <c>null</c> for the twin itself.</param>
/// <param name="Name">The telemetry name in the model.</param>
/// <param name="Timestamp">The source time of the value.</param>
/// <param name="Value">The value.</param>
public sealed record TelemetryPoint(string TwinId, string? Component, string Name, DateTimeOffset Timestamp, JsonElement Value);
