using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Storage.Sqlite;

/// <summary>Where an inline interface was defined: the interface whose text holds it, and the <c>@context</c> it inherited.</summary>
/// <param name="ParentId">The nearest interface whose <see cref="DtdlInterface.Definition"/> contains this one's.</param>
/// <param name="Context">The raw JSON of the <c>@context</c> in effect for it (its own or inherited), or <c>null</c> if none was found.</param>
internal sealed record InlineOrigin(string ParentId, string? Context);

/// <summary>One row of a store's models table, as read back.</summary>
internal readonly record struct StoredModelRow(string Id, string Definition, string? SourceFile, long UploadTicks, bool Decommissioned,
    string? ParentId, string? Context);

/// <summary>
/// Keeps models with inline interfaces (an object as an <c>extends</c> value or as a Component's <c>schema</c>) reloadable.
/// </summary>
/// <remarks>
/// The parser returns an inline interface as an interface of its own whose <see cref="DtdlInterface.Definition"/> is the
/// inline object, which is also part of its parent's definition and usually has no <c>@context</c>. Reparsing every stored
/// definition would therefore define it twice (or fail on the missing context). So the store records, per inline
/// interface, its parent and inherited context; on load it parses only the roots — interfaces that are not inline, or
/// whose parent has since been deleted (then with the inherited context put back) — and the parser re-creates the rest.
/// </remarks>
internal static class InlineInterfaces
{
    /// <summary>
    /// Rebuilds a store's models from their rows: parses the roots only (inline interfaces come back from their parent's
    /// definition), keeps each stored text and file exactly, and checks that every row's model is defined.
    /// </summary>
    /// <param name="rows">The rows, in the order the models should be listed.</param>
    /// <param name="where">The store, as error messages name it (<c>'FILE'</c>, <c>PostgreSQL schema 'S'</c>).</param>
    /// <exception cref="TwinLabException">The stored models no longer parse, or a row's model is defined by none.</exception>
    public static List<ModelEntry> Load(IReadOnlyList<StoredModelRow> rows, string where)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var sources = rows
            .Where(r => r.ParentId is null || !ids.Contains(r.ParentId))
            .Select(r => new DtdlSource(r.ParentId is null ? r.Definition : Standalone(r.Definition, r.Context), r.SourceFile))
            .ToArray();
        IReadOnlyList<DtdlInterface> parsed;
        try
        {
            parsed = DtdlParser.Parse(sources, ModelSet.Empty);
        }
        catch (DtdlValidationException ex)
        {
            throw new TwinLabException(ErrorCodes.DtdlParserError, $"The models stored in {where} no longer parse: {ex.Message}");
        }
        var byId = new Dictionary<string, DtdlInterface>(StringComparer.Ordinal);
        foreach (var i in parsed) byId[i.Id] = i;
        var entries = new List<ModelEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (!byId.TryGetValue(row.Id, out var iface))
                throw new TwinLabException(ErrorCodes.InvalidArgument,
                    string.Create(CultureInfo.InvariantCulture, $"{where} is inconsistent: no stored definition defines model '{row.Id}'."));
            // Keep the stored text and file exactly, whatever the parser normalizes.
            iface = iface with { Definition = row.Definition, SourceFile = row.SourceFile };
            entries.Add(new ModelEntry(iface, new DateTimeOffset(row.UploadTicks, TimeSpan.Zero), row.Decommissioned));
        }
        return entries;
    }

    /// <summary>Finds the inline interfaces of one imported batch (an inline interface is always in its parent's batch).</summary>
    public static Dictionary<string, InlineOrigin> Find(IReadOnlyList<DtdlInterface> batch)
    {
        var byId = new Dictionary<string, DtdlInterface>(StringComparer.Ordinal);
        foreach (var i in batch) byId[i.Id] = i;

        // An inline interface is referenced by its holder (through extends or a component schema), and its text is part of
        // the holder's text; among such holders the one with the shortest text is the nearest.
        var parentOf = new Dictionary<string, DtdlInterface>(StringComparer.Ordinal);
        foreach (var holder in batch)
        {
            foreach (var childId in DirectReferences(holder))
            {
                if (!byId.TryGetValue(childId, out var child) || ReferenceEquals(child, holder)) continue;
                if (holder.Definition.Length <= child.Definition.Length || !holder.Definition.Contains(child.Definition, StringComparison.Ordinal)) continue;
                if (!parentOf.TryGetValue(childId, out var current) || holder.Definition.Length < current.Definition.Length)
                    parentOf[childId] = holder;
            }
        }

        var contexts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var result = new Dictionary<string, InlineOrigin>(StringComparer.Ordinal);
        foreach (var (id, parent) in parentOf) result[id] = new InlineOrigin(parent.Id, ContextOf(byId[id], 0));
        return result;

        string? ContextOf(DtdlInterface i, int depth)
        {
            if (contexts.TryGetValue(i.Id, out var known)) return known;
            var context = OwnContext(i.Definition)
                ?? (depth < 64 && parentOf.TryGetValue(i.Id, out var p) ? ContextOf(p, depth + 1) : null);
            contexts[i.Id] = context;
            return context;
        }
    }

    /// <summary>
    /// The text to parse for an interface that must be parsed on its own: its definition, with <paramref name="context"/>
    /// added as <c>@context</c> when it has none of its own.
    /// </summary>
    public static string Standalone(string definition, string? context)
    {
        if (context is null || OwnContext(definition) is not null) return definition;
        var start = definition.IndexOf('{');
        return start < 0 ? definition : $"{definition[..(start + 1)]}\"@context\": {context}, {definition[(start + 1)..]}";
    }

    private static IEnumerable<string> DirectReferences(DtdlInterface i)
    {
        foreach (var b in i.Extends) yield return b;
        foreach (var c in i.Contents.Values)
            if (c is DtdlComponent comp) yield return comp.Schema;
    }

    private static string? OwnContext(string definition)
    {
        try
        {
            using var doc = JsonDocument.Parse(definition);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("@context", out var c) ? c.GetRawText() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
