using System.Text.Json;

namespace TwinLab.Core.Models;

/// <summary>A reference from one interface to another, with where it was written.</summary>
internal readonly record struct DtdlReference(string Id, DtdlPath Path);

/// <summary>One interface object found in the batch, carried through the parser's phases.</summary>
/// <param name="element">The interface's JSON object.</param>
/// <param name="path">Where the object is in its document.</param>
/// <param name="scope">File and DTDL version.</param>
/// <param name="id">The interface's <c>@id</c> if present and valid, else <c>null</c>.</param>
internal sealed class InterfaceEntry(JsonElement element, DtdlPath path, DtdlScope scope, string? id)
{
    /// <summary>The interface's JSON object.</summary>
    public JsonElement Element { get; } = element;
    /// <summary>Where the object is in its document.</summary>
    public DtdlPath Path { get; } = path;
    /// <summary>File and DTDL version.</summary>
    public DtdlScope Scope { get; } = scope;
    /// <summary>The valid <c>@id</c>, or <c>null</c> (the error was already reported).</summary>
    public string? Id { get; } = id;

    /// <summary>The parsed interface (phase 2); <c>null</c> when the id is unusable.</summary>
    public DtdlInterface? Interface { get; set; }
    /// <summary>Direct bases from <c>extends</c>.</summary>
    public List<DtdlReference> Extends { get; } = [];
    /// <summary>Component schemas.</summary>
    public List<DtdlReference> Components { get; } = [];
    /// <summary>Relationship targets.</summary>
    public List<DtdlReference> Targets { get; } = [];
    /// <summary>Where each own content's <c>name</c> is written, for inherited-name errors.</summary>
    public Dictionary<string, DtdlPath> ContentNamePaths { get; } = new(StringComparer.Ordinal);
}
