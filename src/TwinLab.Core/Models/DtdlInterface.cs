using System.Text.Json;

namespace TwinLab.Core.Models;

/// <summary>A parsed and validated DTDL Interface.</summary>
/// <remarks>Immutable. <see cref="Contents"/> holds only the interface's own elements; <see cref="ModelSet"/> resolves inheritance.</remarks>
public sealed record DtdlInterface
{
    /// <summary>The interface's DTMI.</summary>
    public required string Id { get; init; }
    /// <summary>DTDL language version (2 or 3) from <c>@context</c>.</summary>
    public required int DtdlVersion { get; init; }
    /// <summary>Direct bases from <c>extends</c>, in declaration order.</summary>
    public IReadOnlyList<string> Extends { get; init; } = [];
    /// <summary>The interface's own contents, by name.</summary>
    public IReadOnlyDictionary<string, DtdlContent> Contents { get; init; } = new Dictionary<string, DtdlContent>();
    /// <summary>The named complex schemas declared in the interface's <c>schemas</c>, by <c>@id</c>.</summary>
    /// <remarks>Kept so later batches can reference them by DTMI.</remarks>
    public IReadOnlyDictionary<string, DtdlSchema> Schemas { get; init; } = new Dictionary<string, DtdlSchema>();
    /// <summary>Additional <c>@type</c> values (semantic types / co-types).</summary>
    public IReadOnlyList<string> SemanticTypes { get; init; } = [];
    /// <summary>Localized display name.</summary>
    public LocalizedText DisplayName { get; init; } = LocalizedText.Empty;
    /// <summary>Localized description.</summary>
    public LocalizedText Description { get; init; } = LocalizedText.Empty;
    /// <summary>Comment.</summary>
    public string? Comment { get; init; }
    /// <summary>The interface's JSON text exactly as imported (one interface, not the surrounding array).</summary>
    public required string Definition { get; init; }
    /// <summary>The file the interface came from, if any.</summary>
    public string? SourceFile { get; init; }
}
