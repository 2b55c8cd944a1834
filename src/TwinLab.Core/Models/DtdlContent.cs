namespace TwinLab.Core.Models;

/// <summary>An element of an interface's <c>contents</c>.</summary>
public abstract record DtdlContent
{
    /// <summary>The element's name, unique across the interface and its <c>extends</c> chain.</summary>
    public required string Name { get; init; }
    /// <summary>The interface that declares this element (differs from the twin's model when inherited).</summary>
    public required string DefinedIn { get; init; }
    /// <summary>The element's <c>@id</c>, if given.</summary>
    public string? Id { get; init; }
    /// <summary>Semantic types from <c>@type</c> beyond the element kind (e.g. <c>Temperature</c>).</summary>
    public IReadOnlyList<string> SemanticTypes { get; init; } = [];
    /// <summary>Unit, when a semantic type gives one.</summary>
    public string? Unit { get; init; }
    /// <summary>Localized display name.</summary>
    public LocalizedText DisplayName { get; init; } = LocalizedText.Empty;
    /// <summary>Localized description.</summary>
    public LocalizedText Description { get; init; } = LocalizedText.Empty;
    /// <summary>Comment.</summary>
    public string? Comment { get; init; }
}

/// <summary>A <c>Property</c>: twin state.</summary>
public sealed record DtdlProperty : DtdlContent
{
    /// <summary>The property's schema.</summary>
    public required DtdlSchema Schema { get; init; }
    /// <summary>Whether the property may be written by a twin update (DTDL's <c>writable</c>).</summary>
    /// <remarks>As in Azure Digital Twins, every property is settable through the twin API; <c>writable</c> is kept for device semantics.</remarks>
    public bool Writable { get; init; }
}

/// <summary>A <c>Telemetry</c>: a time series the twin's counterpart emits.</summary>
public sealed record DtdlTelemetry : DtdlContent
{
    /// <summary>The schema of each point.</summary>
    public required DtdlSchema Schema { get; init; }
}

/// <summary>A command payload (request or response).</summary>
public sealed record CommandPayload(string Name, DtdlSchema Schema);

/// <summary>A <c>Command</c>.</summary>
public sealed record DtdlCommand : DtdlContent
{
    /// <summary>The request payload, if any.</summary>
    public CommandPayload? Request { get; init; }
    /// <summary>The response payload, if any.</summary>
    public CommandPayload? Response { get; init; }
}

/// <summary>A <c>Relationship</c> from twins of this interface to other twins.</summary>
public sealed record DtdlRelationship : DtdlContent
{
    /// <summary>The target interface; <c>null</c> means any.</summary>
    public string? Target { get; init; }
    /// <summary>Minimum multiplicity (DTDL allows only 0).</summary>
    public int? MinMultiplicity { get; init; }
    /// <summary>Maximum multiplicity; <c>null</c> means unbounded.</summary>
    public int? MaxMultiplicity { get; init; }
    /// <summary>Properties the relationship itself carries.</summary>
    public IReadOnlyList<DtdlProperty> Properties { get; init; } = [];
    /// <summary>Whether the relationship is writable.</summary>
    public bool Writable { get; init; }

    /// <summary>Finds a relationship property by name.</summary>
    public DtdlProperty? Property(string name)
    {
        foreach (var p in Properties)
            if (p.Name == name) return p;
        return null;
    }
}

/// <summary>A <c>Component</c>: an embedded instance of another interface.</summary>
public sealed record DtdlComponent : DtdlContent
{
    /// <summary>The interface the component instantiates.</summary>
    public required string Schema { get; init; }
}
