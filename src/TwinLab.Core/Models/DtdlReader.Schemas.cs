using System.Text.Json;

namespace TwinLab.Core.Models;

internal sealed partial class DtdlReader
{
    private static readonly HashSet<string> ComplexKinds = new(StringComparer.Ordinal) { "Array", "Enum", "Map", "Object" };
    private static readonly HashSet<string> EnumValueKind = new(StringComparer.Ordinal) { "EnumValue" };
    private static readonly HashSet<string> FieldKind = new(StringComparer.Ordinal) { "Field" };
    private static readonly HashSet<string> MapKeyKind = new(StringComparer.Ordinal) { "MapKey" };
    private static readonly HashSet<string> MapValueKind = new(StringComparer.Ordinal) { "MapValue" };

    private static readonly HashSet<string> ArrayMembers = Members("elementSchema");
    private static readonly HashSet<string> EnumMembers = Members("valueSchema", "enumValues");
    private static readonly HashSet<string> EnumValueMembers = Members("name", "enumValue");
    private static readonly HashSet<string> MapMembers = Members("mapKey", "mapValue");
    private static readonly HashSet<string> ObjectMembers = Members("fields");
    private static readonly HashSet<string> NamedSchemaMembers = Members("name", "schema");

    /// <summary>A parsed schema and its nesting height (0 for primitives, 1 + deepest child for complex schemas).</summary>
    private readonly record struct SchemaResult(DtdlSchema Schema, int Height);

    /// <summary>Reads the required <c>schema</c> member of <paramref name="obj"/>.</summary>
    private DtdlSchema? ReadRequiredSchema(JsonElement obj, DtdlPath path, DtdlScope scope, string what)
    {
        if (obj.TryGetProperty("schema", out var v)) return ReadSchema(v, path.Member("schema"), scope)?.Schema;
        errors.Add(scope, path, DtdlRules.MissingMember, $"{what} is missing 'schema'.");
        return null;
    }

    /// <summary>Reads a schema value: a primitive name, a DTMI of a named schema, or an inline complex schema.</summary>
    private SchemaResult? ReadSchema(JsonElement v, DtdlPath path, DtdlScope scope)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.String:
            {
                var s = v.GetString()!;
                if (DtdlPrimitives.TryGet(s, out var primitive, out var since))
                {
                    if (since <= scope.Version) return new SchemaResult(primitive, 0);
                    errors.Add(scope, path, DtdlRules.UnsupportedInVersion,
                        $"Schema '{s}' needs DTDL v{since}; this document uses v{scope.Version} (set '@context' to 'dtmi:dtdl:context;{since}').");
                    return null;
                }
                if (!s.StartsWith(Dtmi.Scheme, StringComparison.Ordinal))
                {
                    errors.Add(scope, path, DtdlRules.UnknownSchema,
                        $"Unknown schema '{s}': expected a primitive (boolean, date, dateTime, double, duration, float, integer, long, string, time{(scope.Version >= 3 ? ", byte, bytes, decimal, short, uuid, unsigned…" : "")}), a geospatial schema, a complex schema object or the DTMI of one.");
                    return null;
                }
                return CheckDtmi(s, path, scope, DtdlLimits.MaxDtmiLength, reference: true) ? ResolveReference(s, path, scope) : null;
            }
            case JsonValueKind.Object:
                return ReadComplexSchema(v, path, scope, checkId: true);
            default:
                errors.Add(scope, path, DtdlRules.WrongType, $"A schema must be a string or an object, not {Describe(v.ValueKind)}.");
                return null;
        }
    }

    private SchemaResult? ResolveReference(string id, DtdlPath path, DtdlScope scope)
    {
        if (schemas.TryGetDeclared(id, out var declared)) return ResolveDeclared(declared, path, scope);
        if (schemas.TryGetExisting(id, out var known)) return new SchemaResult(known, HeightOf(known));
        if (isInterface(id))
            errors.Add(scope, path, DtdlRules.SchemaKind, $"'{id}' is an interface; only a Component's schema may be an interface.");
        else
            errors.Add(scope, path, DtdlRules.UnresolvedReference,
                $"No schema '{id}' is declared in the 'schemas' of any interface in this batch or among the existing models.");
        return null;
    }

    /// <summary>Parses a batch-declared schema once; a reference to one still being parsed is a cycle.</summary>
    private SchemaResult? ResolveDeclared(NamedSchemaRegistry.NamedSchema declared, DtdlPath referencePath, DtdlScope? referenceScope = null)
    {
        switch (declared.State)
        {
            case NamedSchemaState.Done:
                return declared.Schema is null ? null : new SchemaResult(declared.Schema, declared.Height);
            case NamedSchemaState.InProgress:
                errors.Add(referenceScope ?? declared.Scope, referencePath, DtdlRules.SchemaCycle,
                    "This schema refers back to itself; complex schemas cannot be recursive.");
                return null;
            default:
                declared.State = NamedSchemaState.InProgress;
                var result = ReadComplexSchema(declared.Element, declared.Path, declared.Scope, checkId: false);
                declared.Schema = result?.Schema;
                declared.Height = result?.Height ?? 0;
                declared.State = NamedSchemaState.Done;
                return result;
        }
    }

    /// <summary>
    /// Reads an Array, Enum, Map or Object schema object. <c>checkId</c>: whether to read and check <c>@id</c> here
    /// (declared schemas had it checked already).
    /// </summary>
    private SchemaResult? ReadComplexSchema(JsonElement obj, DtdlPath path, DtdlScope scope, bool checkId)
    {
        var types = ReadTypes(obj, path, scope, ComplexKinds, "A complex schema", required: true);
        string? id = null;
        if (checkId) id = ReadId(obj, path, scope, DtdlLimits.MaxDtmiLength, required: false);
        else if (obj.TryGetProperty("@id", out var idEl) && idEl.ValueKind == JsonValueKind.String) id = idEl.GetString();
        ReadLocalized(obj, "displayName", path, scope, DtdlLimits.MaxDisplayNameLength);
        ReadLocalized(obj, "description", path, scope, DtdlLimits.MaxDescriptionLength);
        ReadString(obj, "comment", path, scope, required: false, DtdlLimits.MaxCommentLength);
        if (types.Kind is null) return null;

        var lenient = types.CoTypes.Count > 0;
        SchemaResult? result = types.Kind switch
        {
            "Array" => ReadArray(obj, path, scope, lenient),
            "Enum" => ReadEnum(obj, path, scope, lenient),
            "Map" => ReadMap(obj, path, scope, lenient),
            _ => ReadObject(obj, path, scope, lenient),
        };
        if (result is not { } r) return null;
        // Report where the limit is first crossed, not again at every enclosing schema.
        if (r.Height == DtdlLimits.MaxSchemaDepth + 1)
            errors.Add(scope, path, DtdlRules.SchemaDepth,
                $"Complex schemas are nested {r.Height} levels deep here; DTDL allows at most {DtdlLimits.MaxSchemaDepth}.");
        return id is null ? r : r with { Schema = r.Schema with { Id = id } };
    }

    private SchemaResult? ReadArray(JsonElement obj, DtdlPath path, DtdlScope scope, bool lenient)
    {
        CheckMembers(obj, ArrayMembers, path, scope, "Array", lenient);
        if (!obj.TryGetProperty("elementSchema", out var es))
        {
            errors.Add(scope, path, DtdlRules.MissingMember, "An Array is missing 'elementSchema'.");
            return null;
        }
        return ReadSchema(es, path.Member("elementSchema"), scope) is { } e
            ? new SchemaResult(new ArraySchema(e.Schema), e.Height + 1)
            : null;
    }

    private SchemaResult? ReadEnum(JsonElement obj, DtdlPath path, DtdlScope scope, bool lenient)
    {
        CheckMembers(obj, EnumMembers, path, scope, "Enum", lenient);
        var ok = true;
        PrimitiveKind? valueKind = null;
        if (!obj.TryGetProperty("valueSchema", out var vs))
        {
            errors.Add(scope, path, DtdlRules.MissingMember, "An Enum is missing 'valueSchema' ('integer' or 'string').");
            ok = false;
        }
        else if (vs.ValueKind == JsonValueKind.String && vs.GetString() is "integer") valueKind = PrimitiveKind.Integer;
        else if (vs.ValueKind == JsonValueKind.String && vs.GetString() is "string") valueKind = PrimitiveKind.String;
        else
        {
            errors.Add(scope, path.Member("valueSchema"), DtdlRules.EnumValueSchema,
                $"An Enum's 'valueSchema' must be 'integer' or 'string', not {(vs.ValueKind == JsonValueKind.String ? $"'{vs.GetString()}'" : Describe(vs.ValueKind))}.");
            ok = false;
        }

        var values = new List<EnumValue>();
        if (obj.TryGetProperty("enumValues", out var list))
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<object>();
            foreach (var (item, ip) in SetItems(list, path.Member("enumValues")))
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(scope, ip, DtdlRules.WrongType, $"An enum value must be an object with 'name' and 'enumValue', not {Describe(item.ValueKind)}.");
                    ok = false;
                    continue;
                }
                if (ReadEnumValue(item, ip, scope, valueKind) is not { } ev) { ok = false; continue; }
                if (!names.Add(ev.Name))
                {
                    errors.Add(scope, ip.Member("name"), DtdlRules.DuplicateName, $"The enum value name '{ev.Name}' is used twice in this Enum.");
                    ok = false;
                }
                else if (!seen.Add(ev.Value))
                {
                    errors.Add(scope, ip.Member("enumValue"), DtdlRules.DuplicateValue, $"The enum value {FormatValue(ev.Value)} is used twice in this Enum.");
                    ok = false;
                }
                else values.Add(ev);
            }
        }
        return ok && valueKind is { } k ? new SchemaResult(new EnumSchema(k, values), 1) : null;
    }

    private EnumValue? ReadEnumValue(JsonElement item, DtdlPath path, DtdlScope scope, PrimitiveKind? valueKind)
    {
        var types = ReadTypes(item, path, scope, EnumValueKind, "An enum value", required: false);
        CheckMembers(item, EnumValueMembers, path, scope, "EnumValue", types.CoTypes.Count > 0);
        ReadId(item, path, scope, DtdlLimits.MaxDtmiLength, required: false);
        ReadLocalized(item, "displayName", path, scope, DtdlLimits.MaxDisplayNameLength);
        ReadLocalized(item, "description", path, scope, DtdlLimits.MaxDescriptionLength);
        ReadString(item, "comment", path, scope, required: false, DtdlLimits.MaxCommentLength);
        var name = ReadName(item, path, scope, "An enum value");
        if (!item.TryGetProperty("enumValue", out var v))
        {
            errors.Add(scope, path, DtdlRules.MissingMember, "An enum value is missing 'enumValue'.");
            return null;
        }
        object? value = null;
        var vp = path.Member("enumValue");
        switch (valueKind)
        {
            case PrimitiveKind.Integer when v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n):
                value = n;
                break;
            case PrimitiveKind.Integer:
                errors.Add(scope, vp, DtdlRules.EnumValueType,
                    $"The Enum's valueSchema is 'integer' but this enumValue is {(v.ValueKind == JsonValueKind.Number ? v.GetRawText() + " (not a 32-bit integer)" : Describe(v.ValueKind))}.");
                break;
            case PrimitiveKind.String when v.ValueKind == JsonValueKind.String:
                value = v.GetString()!;
                break;
            case PrimitiveKind.String:
                errors.Add(scope, vp, DtdlRules.EnumValueType, $"The Enum's valueSchema is 'string' but this enumValue is {Describe(v.ValueKind)}.");
                break;
            default:
                // valueSchema is itself wrong (already reported); still reject values that fit neither type.
                if (v.ValueKind == JsonValueKind.String) value = v.GetString()!;
                else if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var m)) value = m;
                else errors.Add(scope, vp, DtdlRules.EnumValueType, $"An enumValue must be an integer or a string, not {Describe(v.ValueKind)}.");
                break;
        }
        return name is not null && value is not null ? new EnumValue(name, value) : null;
    }

    private SchemaResult? ReadMap(JsonElement obj, DtdlPath path, DtdlScope scope, bool lenient)
    {
        CheckMembers(obj, MapMembers, path, scope, "Map", lenient);
        var key = ReadMapPart(obj, "mapKey", MapKeyKind, path, scope, out var keyName);
        var value = ReadMapPart(obj, "mapValue", MapValueKind, path, scope, out var valueName);
        if (key is null || value is not { } v || keyName is null || valueName is null) return null;
        return new SchemaResult(new MapSchema(keyName, valueName, v.Schema), v.Height + 1);
    }

    private SchemaResult? ReadMapPart(JsonElement obj, string member, HashSet<string> kind, DtdlPath path, DtdlScope scope, out string? name)
    {
        name = null;
        if (!obj.TryGetProperty(member, out var part))
        {
            errors.Add(scope, path, DtdlRules.MissingMember, $"A Map is missing '{member}'.");
            return null;
        }
        var p = path.Member(member);
        if (part.ValueKind != JsonValueKind.Object)
        {
            errors.Add(scope, p, DtdlRules.WrongType, $"'{member}' must be an object with 'name' and 'schema', not {Describe(part.ValueKind)}.");
            return null;
        }
        var types = ReadTypes(part, p, scope, kind, $"A Map's {member}", required: false);
        CheckMembers(part, NamedSchemaMembers, p, scope, member, types.CoTypes.Count > 0);
        ReadId(part, p, scope, DtdlLimits.MaxDtmiLength, required: false);
        ReadLocalized(part, "displayName", p, scope, DtdlLimits.MaxDisplayNameLength);
        ReadLocalized(part, "description", p, scope, DtdlLimits.MaxDescriptionLength);
        ReadString(part, "comment", p, scope, required: false, DtdlLimits.MaxCommentLength);
        name = ReadName(part, p, scope, $"A Map's {member}");
        if (!part.TryGetProperty("schema", out var s))
        {
            errors.Add(scope, p, DtdlRules.MissingMember, $"A Map's {member} is missing 'schema'.");
            return null;
        }
        if (member == "mapKey")
        {
            if (s.ValueKind == JsonValueKind.String && s.GetString() == "string") return new SchemaResult(DtdlPrimitivesString, 0);
            errors.Add(scope, p.Member("schema"), DtdlRules.MapKeySchema, "A Map's keys are strings: 'mapKey.schema' must be 'string'.");
            return null;
        }
        return ReadSchema(s, p.Member("schema"), scope);
    }

    private SchemaResult? ReadObject(JsonElement obj, DtdlPath path, DtdlScope scope, bool lenient)
    {
        CheckMembers(obj, ObjectMembers, path, scope, "Object", lenient);
        var fields = new List<ObjectField>();
        var height = 1;
        var ok = true;
        if (obj.TryGetProperty("fields", out var list))
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (item, ip) in SetItems(list, path.Member("fields")))
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(scope, ip, DtdlRules.WrongType, $"A field must be an object with 'name' and 'schema', not {Describe(item.ValueKind)}.");
                    ok = false;
                    continue;
                }
                var types = ReadTypes(item, ip, scope, FieldKind, "A field", required: false);
                CheckMembers(item, NamedSchemaMembers, ip, scope, "Field", types.CoTypes.Count > 0);
                ReadId(item, ip, scope, DtdlLimits.MaxDtmiLength, required: false);
                ReadLocalized(item, "displayName", ip, scope, DtdlLimits.MaxDisplayNameLength);
                ReadLocalized(item, "description", ip, scope, DtdlLimits.MaxDescriptionLength);
                ReadString(item, "comment", ip, scope, required: false, DtdlLimits.MaxCommentLength);
                var name = ReadName(item, ip, scope, "A field");
                SchemaResult? schema = null;
                if (!item.TryGetProperty("schema", out var s))
                    errors.Add(scope, ip, DtdlRules.MissingMember, $"Field '{name}' is missing 'schema'.");
                else schema = ReadSchema(s, ip.Member("schema"), scope);
                if (name is null || schema is not { } fs) { ok = false; continue; }
                if (!names.Add(name))
                {
                    errors.Add(scope, ip.Member("name"), DtdlRules.DuplicateName, $"The field name '{name}' is used twice in this Object.");
                    ok = false;
                    continue;
                }
                fields.Add(new ObjectField(name, fs.Schema));
                height = Math.Max(height, fs.Height + 1);
            }
        }
        return ok ? new SchemaResult(new ObjectSchema(fields), height) : null;
    }

    private static readonly PrimitiveSchema DtdlPrimitivesString =
        DtdlPrimitives.TryGet("string", out var s, out _) ? s : throw new InvalidOperationException("string primitive missing");

    /// <summary>Nesting height of an already parsed schema (from an existing model).</summary>
    private static int HeightOf(DtdlSchema schema) => schema switch
    {
        ArraySchema a => 1 + HeightOf(a.ElementSchema),
        MapSchema m => 1 + HeightOf(m.ValueSchema),
        ObjectSchema o => 1 + o.Fields.Select(f => HeightOf(f.Schema)).DefaultIfEmpty(0).Max(),
        EnumSchema => 1,
        _ => 0,
    };

    private static string FormatValue(object value) => value is string s ? $"'{s}'" : value.ToString()!;
}
