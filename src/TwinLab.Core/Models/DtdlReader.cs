using System.Text;
using System.Text.Json;

namespace TwinLab.Core.Models;

/// <summary>
/// Reads interface objects into <see cref="DtdlInterface"/>s, checking everything that can be checked
/// inside one interface (plus named-schema references, which it resolves through the registry).
/// Cross-interface rules (extends, components, targets) are left to <see cref="DtdlHierarchyValidator"/>.
/// </summary>
/// <remarks>Not thread-safe: one reader per batch.</remarks>
internal sealed partial class DtdlReader(DtdlErrorSink errors, NamedSchemaRegistry schemas, Func<string, bool> isInterface)
{
    private static readonly HashSet<string> InterfaceKinds = new(StringComparer.Ordinal) { "Interface" };
    private static readonly HashSet<string> InterfaceMembers = Members("@context", "contents", "extends", "schemas");

    /// <summary>Reads one interface; returns <c>null</c> only when it has no usable <c>@id</c>.</summary>
    /// <remarks>Records its extends, component schemas and relationship targets in <paramref name="entry"/>.</remarks>
    public DtdlInterface? ReadInterface(InterfaceEntry entry)
    {
        var (el, path, scope) = (entry.Element, entry.Path, entry.Scope);
        var definedIn = entry.Id ?? "";

        var types = ReadTypes(el, path, scope, InterfaceKinds, "The interface", required: true);
        CheckMembers(el, InterfaceMembers, path, scope, "Interface", lenient: types.CoTypes.Count > 0);
        var displayName = ReadLocalized(el, "displayName", path, scope, DtdlLimits.MaxDisplayNameLength);
        var description = ReadLocalized(el, "description", path, scope, DtdlLimits.MaxDescriptionLength);
        var comment = ReadString(el, "comment", path, scope, required: false, DtdlLimits.MaxCommentLength);

        ReadExtends(el, path, scope, entry);
        var contents = ReadContents(el, path, scope, definedIn, entry);
        var named = ReadNamedSchemas(el, path, scope, entry);

        var raw = el.GetRawText();
        var bytes = Encoding.UTF8.GetByteCount(raw);
        if (bytes > DtdlLimits.MaxInterfaceBytes)
            errors.Add(scope, path, DtdlRules.InterfaceSize,
                $"The interface's text is {bytes:N0} bytes; DTDL allows at most {DtdlLimits.MaxInterfaceBytes:N0} (1 MiB).");

        if (entry.Id is null) return null;
        return new DtdlInterface
        {
            Id = entry.Id,
            DtdlVersion = scope.Version,
            Extends = entry.Extends.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToArray(),
            Contents = contents,
            Schemas = named,
            SemanticTypes = types.CoTypes,
            DisplayName = displayName,
            Description = description,
            Comment = comment,
            Definition = raw,
            SourceFile = scope.File,
        };
    }

    private void ReadExtends(JsonElement el, DtdlPath path, DtdlScope scope, InterfaceEntry entry)
    {
        if (!el.TryGetProperty("extends", out var ext)) return;
        foreach (var (item, p) in SetItems(ext, path.Member("extends")))
            ReadInterfaceReference(item, p, scope, entry.Extends, "extends");
    }

    /// <summary>A DTMI naming an interface, or an inline interface object (registered separately) whose id is taken.</summary>
    private void ReadInterfaceReference(JsonElement value, DtdlPath path, DtdlScope scope, List<DtdlReference> into, string what)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var id = value.GetString()!;
                if (CheckDtmi(id, path, scope, DtdlLimits.MaxInterfaceIdLength, reference: true)) into.Add(new(id, path));
                break;
            case JsonValueKind.Object:
                // Inline interfaces are registered (and checked) as interfaces of their own by the batch.
                if (InlineInterfaceId(value) is { } inlineId) into.Add(new(inlineId, path));
                break;
            default:
                errors.Add(scope, path, DtdlRules.WrongType,
                    $"'{what}' must be an interface DTMI (a string) or an inline interface object, not {Describe(value.ValueKind)}.");
                break;
        }
    }

    /// <summary>The <c>@id</c> of an inline interface object, if it is a valid DTMI.</summary>
    internal static string? InlineInterfaceId(JsonElement obj) =>
        obj.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { } s
        && s.Length <= DtdlLimits.MaxInterfaceIdLength && Dtmi.IsValid(s) && !Dtmi.IsReserved(s)
            ? s
            : null;

    private Dictionary<string, DtdlContent> ReadContents(JsonElement el, DtdlPath path, DtdlScope scope, string definedIn, InterfaceEntry entry)
    {
        var contents = new Dictionary<string, DtdlContent>(StringComparer.Ordinal);
        if (!el.TryGetProperty("contents", out var list)) return contents;
        foreach (var (item, ip) in SetItems(list, path.Member("contents")))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(scope, ip, DtdlRules.WrongType, $"A content must be an object, not {Describe(item.ValueKind)}.");
                continue;
            }
            var content = ReadContent(item, ip, scope, definedIn, entry);
            if (content is null) continue;
            if (contents.TryAdd(content.Name, content)) entry.ContentNamePaths[content.Name] = ip.Member("name");
            else
                errors.Add(scope, ip.Member("name"), DtdlRules.DuplicateName,
                    $"The name '{content.Name}' is used by another content of interface {Show(definedIn)}; names must be unique.");
        }
        return contents;
    }

    private Dictionary<string, DtdlSchema> ReadNamedSchemas(JsonElement el, DtdlPath path, DtdlScope scope, InterfaceEntry entry)
    {
        var result = new Dictionary<string, DtdlSchema>(StringComparer.Ordinal);
        if (!el.TryGetProperty("schemas", out var list)) return result;
        var index = -1;
        foreach (var (item, ip) in SetItems(list, path.Member("schemas")))
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(scope, ip, DtdlRules.WrongType, $"An interface schema must be an Array, Enum, Map or Object object, not {Describe(item.ValueKind)}.");
                continue;
            }
            var id = ReadId(item, ip, scope, DtdlLimits.MaxDtmiLength, required: true);
            if (id is null)
            {
                ReadComplexSchema(item, ip, scope, checkId: false); // still report what else is wrong
                continue;
            }
            // Declared by the batch in phase 1; a duplicate declaration was reported there and is not parsed again.
            if (schemas.TryGetDeclared(id, out var declared) && declared.Owner == entry && declared.Index == index
                && ResolveDeclared(declared, ip) is { } schema)
                result[id] = schema.Schema;
        }
        return result;
    }
}
