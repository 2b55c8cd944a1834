using System.Text.Json;
using TwinLab.Core.Errors;

namespace TwinLab.Core.Models;

/// <summary>
/// One call of <see cref="DtdlParser.Parse"/>: loads the documents, registers every interface and named schema
/// (so references can point anywhere in the batch), reads each interface, then checks the hierarchy.
/// </summary>
internal sealed class DtdlBatch
{
    private const string ContextV2 = "dtmi:dtdl:context;2";
    private const string ContextV3 = "dtmi:dtdl:context;3";

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 128 };

    private readonly ModelSet _existing;
    private readonly DtdlErrorSink _errors = new();
    private readonly NamedSchemaRegistry _schemas;
    private readonly List<InterfaceEntry> _entries = [];
    private readonly Dictionary<string, InterfaceEntry> _byId = new(StringComparer.Ordinal);

    /// <summary>Starts a batch validated against <paramref name="existing"/>.</summary>
    public DtdlBatch(ModelSet existing)
    {
        _existing = existing;
        _schemas = new NamedSchemaRegistry(existing);
    }

    /// <summary>Parses and validates everything; throws if any rule is broken.</summary>
    /// <exception cref="DtdlValidationException">Any error anywhere in the batch.</exception>
    public IReadOnlyList<DtdlInterface> Run(IEnumerable<DtdlSource> sources)
    {
        var documents = new List<JsonDocument>();
        try
        {
            var index = 0;
            foreach (var source in sources)
            {
                ArgumentNullException.ThrowIfNull(source);
                if (Load(source, index++) is { } doc) documents.Add(doc);
            }
            CheckSchemaIdsAgainstInterfaces();

            var reader = new DtdlReader(_errors, _schemas, id => _byId.ContainsKey(id) || _existing.Contains(id));
            foreach (var entry in _entries) entry.Interface = reader.ReadInterface(entry);

            new DtdlHierarchyValidator(_errors, _existing, _schemas).Validate(_entries, _byId);

            if (_errors.Count > 0) throw new DtdlValidationException(_errors.InDocumentOrder());
            return _entries.Select(e => e.Interface!).ToArray();
        }
        finally
        {
            foreach (var d in documents) d.Dispose();
        }
    }

    private JsonDocument? Load(DtdlSource source, int index)
    {
        var text = source.Text ?? "";
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, JsonOptions);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            _errors.Add(index, source.FileName, DtdlPath.Root, DtdlRules.JsonSyntax,
                $"Malformed JSON at line {line}, byte position {position}: {StripPosition(ex.Message)}");
            return null;
        }

        if (JsonSurrogates.FindLone(text) is var lone and >= 0)
        {
            // Found by fuzzing: a "\ud800" string is valid JSON but not text; reading it threw InvalidOperationException.
            var before = text.AsSpan(0, lone);
            _errors.Add(index, source.FileName, DtdlPath.Root, DtdlRules.JsonSyntax,
                $"Malformed JSON at line {before.Count('\n') + 1}, position {lone - before.LastIndexOf('\n')}: {JsonSurrogates.Describe(lone)}.");
            doc.Dispose();
            return null;
        }
        var root = doc.RootElement;
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                RegisterTopLevel(root, DtdlPath.Root, index, source.FileName);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in root.EnumerateArray())
                {
                    var p = DtdlPath.Root.Index(i++);
                    if (item.ValueKind == JsonValueKind.Object) RegisterTopLevel(item, p, index, source.FileName);
                    else _errors.Add(index, source.FileName, p, DtdlRules.DocumentShape,
                        $"A document's array must hold interface objects, not {DtdlReader.Describe(item.ValueKind)}.");
                }
                break;
            default:
                _errors.Add(index, source.FileName, DtdlPath.Root, DtdlRules.DocumentShape,
                    $"A DTDL document must be an interface object or an array of them, not {DtdlReader.Describe(root.ValueKind)}.");
                break;
        }
        return doc;
    }

    // JsonException messages end with "LineNumber: n | BytePositionInLine: m." (zero-based); we report one-based numbers ourselves.
    private static string StripPosition(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private void RegisterTopLevel(JsonElement obj, DtdlPath path, int sourceIndex, string? file)
    {
        if (!obj.TryGetProperty("@context", out var context))
        {
            _errors.Add(sourceIndex, file, path, DtdlRules.MissingMember,
                $"A top-level interface needs '@context' ('{ContextV3}' or '{ContextV2}').");
            Register(obj, path, new DtdlScope(sourceIndex, file, 3, false));
            return;
        }
        var scope = ReadContext(context, path.Member("@context"), new DtdlScope(sourceIndex, file, 3, false));
        Register(obj, path, scope);
    }

    /// <summary>Reads <c>@context</c>: the DTDL context alone, or an array with it first and extension contexts after.</summary>
    private DtdlScope ReadContext(JsonElement context, DtdlPath path, DtdlScope fallback)
    {
        int? version = null;
        var extensions = false;
        switch (context.ValueKind)
        {
            case JsonValueKind.String:
                version = DtdlVersion(context.GetString()!, path, fallback);
                break;
            case JsonValueKind.Array when context.GetArrayLength() > 0:
                var i = 0;
                foreach (var item in context.EnumerateArray())
                {
                    var ip = path.Index(i);
                    if (item.ValueKind != JsonValueKind.String)
                        _errors.Add(fallback, ip, DtdlRules.InvalidContext, $"'@context' values must be strings, not {DtdlReader.Describe(item.ValueKind)}.");
                    else if (i == 0) version = DtdlVersion(item.GetString()!, ip, fallback);
                    else if (item.GetString() is ContextV2 or ContextV3)
                        _errors.Add(fallback, ip, DtdlRules.InvalidContext, "The DTDL context must come first in '@context', and only once.");
                    else if (!Dtmi.IsValid(item.GetString()!))
                        _errors.Add(fallback, ip, DtdlRules.InvalidContext, $"'{item.GetString()}' is not a context DTMI (e.g. 'dtmi:dtdl:extension:quantitativeTypes;1').");
                    else extensions = true;
                    i++;
                }
                break;
            default:
                _errors.Add(fallback, path, DtdlRules.InvalidContext,
                    $"'@context' must be '{ContextV3}', '{ContextV2}' or a non-empty array starting with one of them.");
                break;
        }
        return fallback with { Version = version ?? fallback.Version, HasExtensions = extensions };
    }

    private int? DtdlVersion(string context, DtdlPath path, DtdlScope scope)
    {
        switch (context)
        {
            case ContextV3: return 3;
            case ContextV2: return 2;
            default:
                _errors.Add(scope, path, DtdlRules.InvalidContext,
                    $"'{context}' is not a supported DTDL context; use '{ContextV3}' or '{ContextV2}'" +
                    (context.StartsWith("dtmi:dtdl:context;", StringComparison.Ordinal) ? " (this parser reads DTDL v2 and v3)." : " as the first '@context' value."));
                return null;
        }
    }

    /// <summary>Registers an interface and, recursively, the inline interfaces and the named schemas it declares.</summary>
    private void Register(JsonElement obj, DtdlPath path, DtdlScope scope)
    {
        var id = CheckInterfaceId(obj, path, scope);
        var entry = new InterfaceEntry(obj, path, scope, id);
        _entries.Add(entry);
        if (id is not null)
        {
            if (_existing.Contains(id))
                _errors.Add(scope, path.Member("@id"), DtdlRules.ModelExists, $"A model with id '{id}' already exists; delete it first or import a new version.");
            if (!_byId.TryAdd(id, entry))
                _errors.Add(scope, path.Member("@id"), DtdlRules.DuplicateId,
                    $"Interface '{id}' is defined twice in this batch (first in {_byId[id].Scope.File ?? "<input>"} at {_byId[id].Path}).");
        }

        if (obj.TryGetProperty("schemas", out var schemas))
        {
            var index = -1;
            foreach (var (s, sp) in DtdlReader.SetItems(schemas, path.Member("schemas")))
            {
                index++;
                if (s.ValueKind != JsonValueKind.Object || !s.TryGetProperty("@id", out var sid) || sid.ValueKind != JsonValueKind.String) continue;
                var schemaId = sid.GetString()!;
                if (!Dtmi.IsValid(schemaId) || schemaId.Length > DtdlLimits.MaxDtmiLength) continue; // reported when read
                if (!_schemas.TryDeclare(schemaId, new NamedSchemaRegistry.NamedSchema(s, sp, scope, entry, index)))
                    _errors.Add(scope, sp.Member("@id"), DtdlRules.DuplicateId, $"Schema '{schemaId}' is declared more than once in this batch.");
            }
        }

        // Inline interfaces (in extends or as a Component's schema) become interfaces of their own.
        if (obj.TryGetProperty("extends", out var ext))
            foreach (var (item, ip) in DtdlReader.SetItems(ext, path.Member("extends")))
                if (item.ValueKind == JsonValueKind.Object) RegisterInline(item, ip, scope);
        if (obj.TryGetProperty("contents", out var contents))
            foreach (var (c, cp) in DtdlReader.SetItems(contents, path.Member("contents")))
                if (c.ValueKind == JsonValueKind.Object && IsComponent(c) && c.TryGetProperty("schema", out var cs) && cs.ValueKind == JsonValueKind.Object)
                    RegisterInline(cs, cp.Member("schema"), scope);
    }

    private void RegisterInline(JsonElement obj, DtdlPath path, DtdlScope parentScope)
    {
        var scope = obj.TryGetProperty("@context", out var context) ? ReadContext(context, path.Member("@context"), parentScope) : parentScope;
        Register(obj, path, scope);
    }

    private static bool IsComponent(JsonElement content)
    {
        if (!content.TryGetProperty("@type", out var t)) return false;
        if (t.ValueKind == JsonValueKind.String) return t.ValueEquals("Component");
        if (t.ValueKind != JsonValueKind.Array) return false;
        foreach (var item in t.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String && item.ValueEquals("Component")) return true;
        return false;
    }

    private string? CheckInterfaceId(JsonElement obj, DtdlPath path, DtdlScope scope)
    {
        if (!obj.TryGetProperty("@id", out var idEl))
        {
            _errors.Add(scope, path, DtdlRules.MissingMember, "An interface needs an '@id' (a DTMI such as 'dtmi:com:example:Thermostat;1').");
            return null;
        }
        var p = path.Member("@id");
        if (idEl.ValueKind != JsonValueKind.String)
        {
            _errors.Add(scope, p, DtdlRules.WrongType, $"'@id' must be a DTMI string, not {DtdlReader.Describe(idEl.ValueKind)}.");
            return null;
        }
        var id = idEl.GetString()!;
        if (id.Length > DtdlLimits.MaxInterfaceIdLength)
            _errors.Add(scope, p, DtdlRules.DtmiLength, $"An interface @id may be at most {DtdlLimits.MaxInterfaceIdLength} characters; this one has {id.Length}.");
        else if (!Dtmi.IsValid(id))
            _errors.Add(scope, p, DtdlRules.DtmiSyntax, $"'{id}' is not a valid DTMI; {Dtmi.Expected}.");
        else if (Dtmi.IsReserved(id))
            _errors.Add(scope, p, DtdlRules.DtmiReserved, $"'{id}' uses a prefix reserved by DTDL (dtmi:dtdl:, dtmi:standard:).");
        else return id;
        return null;
    }

    private void CheckSchemaIdsAgainstInterfaces()
    {
        foreach (var (id, schema) in _schemas.Declared)
            if (_byId.ContainsKey(id) || _existing.Contains(id))
                _errors.Add(schema.Scope, schema.Path.Member("@id"), DtdlRules.DuplicateId, $"'{id}' is already the id of an interface.");
    }
}
