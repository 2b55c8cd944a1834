using System.Text.Json;

namespace TwinLab.Core.Models;

internal sealed partial class DtdlReader
{
    private static readonly HashSet<string> ContentKinds = new(StringComparer.Ordinal)
        { "Property", "Telemetry", "Command", "Relationship", "Component" };
    private static readonly HashSet<string> PropertyKind = new(StringComparer.Ordinal) { "Property" };
    private static readonly HashSet<string> RequestKinds = new(StringComparer.Ordinal) { "CommandRequest", "CommandPayload" };
    private static readonly HashSet<string> ResponseKinds = new(StringComparer.Ordinal) { "CommandResponse", "CommandPayload" };

    private static readonly HashSet<string> PropertyMembers = Members("name", "schema", "writable");
    private static readonly HashSet<string> TelemetryMembers = Members("name", "schema");
    private static readonly HashSet<string> CommandMembersV2 = Members("name", "request", "response", "commandType");
    private static readonly HashSet<string> CommandMembersV3 = Members("name", "request", "response");
    private static readonly HashSet<string> PayloadMembersV2 = Members("name", "schema");
    private static readonly HashSet<string> PayloadMembersV3 = Members("name", "schema", "nullable");
    private static readonly HashSet<string> RelationshipMembers =
        Members("name", "target", "minMultiplicity", "maxMultiplicity", "properties", "writable");
    private static readonly HashSet<string> ComponentMembers = Members("name", "schema");

    /// <summary>Reads one element of <c>contents</c> (or of a relationship's <c>properties</c> when <paramref name="kinds"/> is Property only).</summary>
    private DtdlContent? ReadContent(JsonElement item, DtdlPath path, DtdlScope scope, string definedIn, InterfaceEntry entry,
        HashSet<string>? kinds = null)
    {
        var types = ReadTypes(item, path, scope, kinds ?? ContentKinds, kinds is null ? "A content" : "A relationship property", required: true);
        if (types.Kind is null)
        {
            ReadName(item, path, scope, "A content"); // still report a bad name
            return null;
        }
        var kind = types.Kind;
        var allowed = kind switch
        {
            "Property" => PropertyMembers,
            "Telemetry" => TelemetryMembers,
            "Command" => scope.Version == 2 ? CommandMembersV2 : CommandMembersV3,
            "Relationship" => RelationshipMembers,
            _ => ComponentMembers,
        };
        CheckMembers(item, allowed, path, scope, kind, lenient: types.CoTypes.Count > 0);

        var name = ReadName(item, path, scope, $"A {kind}");
        var id = ReadId(item, path, scope, DtdlLimits.MaxDtmiLength, required: false);
        var displayName = ReadLocalized(item, "displayName", path, scope, DtdlLimits.MaxDisplayNameLength);
        var description = ReadLocalized(item, "description", path, scope, DtdlLimits.MaxDescriptionLength);
        var comment = ReadString(item, "comment", path, scope, required: false, DtdlLimits.MaxCommentLength);
        var unit = types.CoTypes.Count > 0 ? ReadString(item, "unit", path, scope, required: false, DtdlLimits.MaxDtmiLength) : null;

        DtdlContent? content = kind switch
        {
            "Property" => ReadProperty(item, path, scope, name, definedIn),
            "Telemetry" => ReadRequiredSchema(item, path, scope, $"Telemetry '{name}'") is { } s
                ? new DtdlTelemetry { Name = name!, DefinedIn = definedIn, Schema = s }
                : null,
            "Command" => ReadCommand(item, path, scope, name, definedIn),
            "Relationship" => ReadRelationship(item, path, scope, name, definedIn, entry),
            _ => ReadComponent(item, path, scope, name, definedIn, entry),
        };
        if (content is null || name is null) return null;
        return content with
        {
            Id = id,
            SemanticTypes = types.CoTypes,
            Unit = unit,
            DisplayName = displayName,
            Description = description,
            Comment = comment,
        };
    }

    private DtdlProperty? ReadProperty(JsonElement item, DtdlPath path, DtdlScope scope, string? name, string definedIn)
    {
        var schema = ReadRequiredSchema(item, path, scope, $"Property '{name}'");
        var writable = ReadBool(item, "writable", path, scope);
        return schema is null || name is null ? null : new DtdlProperty { Name = name, DefinedIn = definedIn, Schema = schema, Writable = writable };
    }

    private DtdlCommand? ReadCommand(JsonElement item, DtdlPath path, DtdlScope scope, string? name, string definedIn)
    {
        if (scope.Version == 2 && item.TryGetProperty("commandType", out var ct)
            && !(ct.ValueKind == JsonValueKind.String && ct.GetString() is "synchronous" or "asynchronous"))
            errors.Add(scope, path.Member("commandType"), DtdlRules.InvalidValue, "'commandType' must be 'synchronous' or 'asynchronous'.");

        var ok = true;
        var request = ReadPayload(item, "request", path, scope, RequestKinds, ref ok);
        var response = ReadPayload(item, "response", path, scope, ResponseKinds, ref ok);
        return ok && name is not null ? new DtdlCommand { Name = name, DefinedIn = definedIn, Request = request, Response = response } : null;
    }

    private CommandPayload? ReadPayload(JsonElement item, string member, DtdlPath path, DtdlScope scope, HashSet<string> kinds, ref bool ok)
    {
        if (!item.TryGetProperty(member, out var v)) return null;
        var p = path.Member(member);
        if (v.ValueKind != JsonValueKind.Object)
        {
            errors.Add(scope, p, DtdlRules.WrongType, $"'{member}' must be an object with 'name' and 'schema', not {Describe(v.ValueKind)}.");
            ok = false;
            return null;
        }
        var types = ReadTypes(v, p, scope, kinds, $"A command {member}", required: false);
        CheckMembers(v, scope.Version == 2 ? PayloadMembersV2 : PayloadMembersV3, p, scope, $"a command {member}", lenient: types.CoTypes.Count > 0);
        ReadId(v, p, scope, DtdlLimits.MaxDtmiLength, required: false);
        ReadLocalized(v, "displayName", p, scope, DtdlLimits.MaxDisplayNameLength);
        ReadLocalized(v, "description", p, scope, DtdlLimits.MaxDescriptionLength);
        ReadString(v, "comment", p, scope, required: false, DtdlLimits.MaxCommentLength);
        if (scope.Version >= 3) ReadBool(v, "nullable", p, scope);
        var name = ReadName(v, p, scope, $"The command {member}");
        var schema = ReadRequiredSchema(v, p, scope, $"The command {member}");
        if (name is null || schema is null) { ok = false; return null; }
        return new CommandPayload(name, schema);
    }

    private DtdlRelationship? ReadRelationship(JsonElement item, DtdlPath path, DtdlScope scope, string? name, string definedIn, InterfaceEntry entry)
    {
        var ok = true;
        string? target = null;
        if (item.TryGetProperty("target", out var t))
        {
            var tp = path.Member("target");
            if (t.ValueKind != JsonValueKind.String)
            {
                errors.Add(scope, tp, DtdlRules.WrongType, $"'target' must be an interface DTMI (a string), not {Describe(t.ValueKind)}.");
                ok = false;
            }
            else if (CheckDtmi(t.GetString()!, tp, scope, DtdlLimits.MaxDtmiLength, reference: true))
            {
                target = t.GetString()!;
                entry.Targets.Add(new(target, tp));
            }
            else ok = false;
        }

        var min = ReadInt(item, "minMultiplicity", path, scope, out var hasMin);
        if (hasMin && min is null) ok = false;
        else if (min is { } mn && mn != 0)
        {
            errors.Add(scope, path.Member("minMultiplicity"), DtdlRules.Multiplicity, $"'minMultiplicity' must be 0 (DTDL allows no other value), not {mn}.");
            ok = false;
        }
        var max = ReadInt(item, "maxMultiplicity", path, scope, out var hasMax);
        if (hasMax && max is null) ok = false;
        else if (max is { } mx && mx < 1)
        {
            errors.Add(scope, path.Member("maxMultiplicity"), DtdlRules.Multiplicity, $"'maxMultiplicity' must be at least 1, not {mx}.");
            ok = false;
        }
        var writable = ReadBool(item, "writable", path, scope);

        var properties = new List<DtdlProperty>();
        if (item.TryGetProperty("properties", out var props))
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (prop, ip) in SetItems(props, path.Member("properties")))
            {
                if (prop.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(scope, ip, DtdlRules.WrongType, $"A relationship property must be an object, not {Describe(prop.ValueKind)}.");
                    ok = false;
                }
                else if (ReadContent(prop, ip, scope, definedIn, entry, PropertyKind) is DtdlProperty p)
                {
                    if (names.Add(p.Name)) properties.Add(p);
                    else
                    {
                        errors.Add(scope, ip.Member("name"), DtdlRules.DuplicateName,
                            $"The name '{p.Name}' is used by another property of relationship '{name}'.");
                        ok = false;
                    }
                }
                else ok = false;
            }
        }

        return ok && name is not null
            ? new DtdlRelationship
            {
                Name = name, DefinedIn = definedIn, Target = target, MinMultiplicity = min, MaxMultiplicity = max,
                Properties = properties, Writable = writable,
            }
            : null;
    }

    private DtdlComponent? ReadComponent(JsonElement item, DtdlPath path, DtdlScope scope, string? name, string definedIn, InterfaceEntry entry)
    {
        if (!item.TryGetProperty("schema", out var s))
        {
            errors.Add(scope, path, DtdlRules.MissingMember, $"Component '{name}' is missing 'schema' (the DTMI of an interface).");
            return null;
        }
        var before = entry.Components.Count;
        ReadInterfaceReference(s, path.Member("schema"), scope, entry.Components, "schema");
        if (entry.Components.Count == before || name is null) return null;
        return new DtdlComponent { Name = name, DefinedIn = definedIn, Schema = entry.Components[^1].Id };
    }
}
