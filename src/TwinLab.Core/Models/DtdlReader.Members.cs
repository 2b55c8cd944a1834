using System.Text.Json;

namespace TwinLab.Core.Models;

internal sealed partial class DtdlReader
{
    // Every DTDL class name: one of them as a co-type of another element is a contradiction, not a semantic type.
    private static readonly HashSet<string> DtdlClasses = new(StringComparer.Ordinal)
    {
        "Interface", "Telemetry", "Property", "Command", "Relationship", "Component", "Array", "Enum", "Map", "Object",
        "EnumValue", "Field", "MapKey", "MapValue", "CommandPayload", "CommandRequest", "CommandResponse",
    };

    private readonly HashSet<string> _seenMembers = new(StringComparer.Ordinal);

    /// <summary>The <c>@type</c> of an element: its DTDL class and any co-types (semantic types).</summary>
    private readonly record struct TypeInfo(string? Kind, IReadOnlyList<string> CoTypes);

    /// <summary>The members allowed on an element: these plus <c>@id</c>, <c>@type</c>, <c>comment</c>, <c>description</c>, <c>displayName</c>.</summary>
    private static HashSet<string> Members(params string[] specific) =>
        new(["@id", "@type", "comment", "description", "displayName", .. specific], StringComparer.Ordinal);

    /// <summary>Reads <c>@type</c>: a string or an array holding exactly one of <paramref name="kinds"/> plus co-types.</summary>
    private TypeInfo ReadTypes(JsonElement obj, DtdlPath path, DtdlScope scope, HashSet<string> kinds, string what, bool required)
    {
        if (!obj.TryGetProperty("@type", out var t))
        {
            if (required) errors.Add(scope, path, DtdlRules.MissingMember, $"{what} is missing '@type' (expected {KindList(kinds)}).");
            return new(null, []);
        }
        var p = path.Member("@type");
        switch (t.ValueKind)
        {
            case JsonValueKind.String:
            {
                var s = t.GetString()!;
                if (kinds.Contains(s)) return new(s, []);
                errors.Add(scope, p, DtdlRules.UnknownType, $"Unknown '@type' '{s}': {Lower(what)} must be {KindList(kinds)}.");
                return new(null, []);
            }
            case JsonValueKind.Array:
            {
                string? kind = null;
                List<string>? coTypes = null;
                var ok = true;
                var i = 0;
                foreach (var item in t.EnumerateArray())
                {
                    var ip = p.Index(i++);
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        errors.Add(scope, ip, DtdlRules.WrongType, $"'@type' values must be strings, not {Describe(item.ValueKind)}.");
                        ok = false;
                        continue;
                    }
                    var s = item.GetString()!;
                    if (kinds.Contains(s))
                    {
                        if (kind is not null && kind != s)
                        {
                            errors.Add(scope, ip, DtdlRules.TypeConflict, $"'@type' holds both '{kind}' and '{s}'; an element has one DTDL class.");
                            ok = false;
                        }
                        kind = s;
                    }
                    else if (DtdlClasses.Contains(s))
                    {
                        errors.Add(scope, ip, DtdlRules.TypeConflict, $"'{s}' is a DTDL class and cannot be a co-type of {Lower(what)}.");
                        ok = false;
                    }
                    else if (CheckCoType(s, ip, scope)) (coTypes ??= []).Add(s);
                    else ok = false;
                }
                if (kind is null && ok)
                    errors.Add(scope, p, DtdlRules.UnknownType, $"'@type' of {Lower(what)} must include {KindList(kinds)}.");
                return new(ok ? kind : null, (IReadOnlyList<string>?)coTypes ?? []);
            }
            default:
                errors.Add(scope, p, DtdlRules.WrongType, $"'@type' must be a string or an array of strings, not {Describe(t.ValueKind)}.");
                return new(null, []);
        }
    }

    // DTDL v2 defines the semantic types itself; v3 takes them from language extensions (e.g. quantitativeTypes)
    // named in @context. A DTMI co-type is an undefined (user) type and always allowed.
    private bool CheckCoType(string coType, DtdlPath path, DtdlScope scope)
    {
        if (coType.StartsWith(Dtmi.Scheme, StringComparison.Ordinal))
        {
            if (Dtmi.IsValid(coType)) return true;
            errors.Add(scope, path, DtdlRules.DtmiSyntax, $"Co-type '{coType}' is not a valid DTMI; {Dtmi.Expected}.");
            return false;
        }
        if (!DtdlName.IsValid(coType, out _))
        {
            errors.Add(scope, path, DtdlRules.UnknownType, $"'{coType}' is not a valid type name.");
            return false;
        }
        if (scope.Version >= 3 && !scope.HasExtensions)
        {
            errors.Add(scope, path, DtdlRules.UnknownType,
                $"Unknown type '{coType}': in DTDL v3 semantic types come from a language extension; add e.g. 'dtmi:dtdl:extension:quantitativeTypes;1' to '@context'.");
            return false;
        }
        return true;
    }

    /// <summary>Reports duplicate and unknown members. <paramref name="lenient"/>: co-typed elements may carry extension members.</summary>
    private void CheckMembers(JsonElement obj, HashSet<string> allowed, DtdlPath path, DtdlScope scope, string what, bool lenient)
    {
        _seenMembers.Clear();
        foreach (var member in obj.EnumerateObject())
        {
            var name = member.Name;
            if (!_seenMembers.Add(name))
                errors.Add(scope, path.Member(name), DtdlRules.DuplicateMember, $"'{name}' appears more than once.");
            else if (!lenient && !allowed.Contains(name))
                errors.Add(scope, path.Member(name), DtdlRules.UnknownMember, UnknownMemberMessage(name, what, scope));
        }
    }

    private static string UnknownMemberMessage(string name, string what, DtdlScope scope) => name switch
    {
        "unit" => $"'unit' is only allowed on a {what} with a semantic type in '@type' (e.g. [\"{what}\", \"Temperature\"]).",
        "commandType" when scope.Version >= 3 => "'commandType' was removed in DTDL v3.",
        "@context" => "'@context' is only allowed on interfaces.",
        _ => $"'{name}' is not a member of {what}.",
    };

    /// <summary>
    /// The members of a set-valued property. JSON-LD lets a set with one member be written without the array
    /// (RealEstateCore does this for relationship <c>properties</c>), so a lone value is a set of one.
    /// </summary>
    internal static IEnumerable<(JsonElement Item, DtdlPath Path)> SetItems(JsonElement value, DtdlPath path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            yield return (value, path);
            yield break;
        }
        var i = 0;
        foreach (var item in value.EnumerateArray()) yield return (item, path.Index(i++));
    }

    /// <summary>Reads and checks a <c>name</c>.</summary>
    private string? ReadName(JsonElement obj, DtdlPath path, DtdlScope scope, string what)
    {
        var s = ReadString(obj, "name", path, scope, required: true, maxLength: int.MaxValue, what);
        if (s is null) return null;
        var p = path.Member("name");
        var max = DtdlName.MaxLength(scope.Version);
        if (s.Length > max)
        {
            errors.Add(scope, p, DtdlRules.NameLength, $"The name is {s.Length} characters long; DTDL v{scope.Version} allows at most {max}.");
            return null;
        }
        if (!DtdlName.IsValid(s, out var reason))
        {
            errors.Add(scope, p, DtdlRules.NameSyntax,
                $"'{s}' is not a valid name: {reason}. Names use letters, digits and '_', start with a letter and do not end with '_'.");
            return null;
        }
        return s;
    }

    /// <summary>Reads and checks an <c>@id</c> that defines an element.</summary>
    private string? ReadId(JsonElement obj, DtdlPath path, DtdlScope scope, int maxLength, bool required)
    {
        if (!obj.TryGetProperty("@id", out var v))
        {
            if (required) errors.Add(scope, path, DtdlRules.MissingMember, "'@id' is required here.");
            return null;
        }
        var p = path.Member("@id");
        if (v.ValueKind != JsonValueKind.String)
        {
            errors.Add(scope, p, DtdlRules.WrongType, $"'@id' must be a DTMI string, not {Describe(v.ValueKind)}.");
            return null;
        }
        var s = v.GetString()!;
        return CheckDtmi(s, p, scope, maxLength, reference: false) ? s : null;
    }

    /// <summary>Checks DTMI length and syntax; a definition (not a reference) may not use a reserved prefix.</summary>
    private bool CheckDtmi(string value, DtdlPath path, DtdlScope scope, int maxLength, bool reference)
    {
        if (value.Length > maxLength)
        {
            errors.Add(scope, path, DtdlRules.DtmiLength, $"The DTMI is {value.Length} characters long; at most {maxLength} are allowed here.");
            return false;
        }
        if (!Dtmi.IsValid(value))
        {
            errors.Add(scope, path, DtdlRules.DtmiSyntax, $"'{value}' is not a valid DTMI; {Dtmi.Expected}.");
            return false;
        }
        if (!reference && Dtmi.IsReserved(value))
        {
            errors.Add(scope, path, DtdlRules.DtmiReserved, $"'{value}' uses a prefix reserved by DTDL (dtmi:dtdl:, dtmi:standard:).");
            return false;
        }
        return true;
    }

    /// <summary>Reads an optional or required string member.</summary>
    private string? ReadString(JsonElement obj, string member, DtdlPath path, DtdlScope scope, bool required, int maxLength, string? what = null)
    {
        if (!obj.TryGetProperty(member, out var v))
        {
            if (required) errors.Add(scope, path, DtdlRules.MissingMember, $"{what ?? "This element"} is missing '{member}'.");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            errors.Add(scope, path.Member(member), DtdlRules.WrongType, $"'{member}' must be a string, not {Describe(v.ValueKind)}.");
            return null;
        }
        var s = v.GetString()!;
        if (s.Length > maxLength)
        {
            errors.Add(scope, path.Member(member), DtdlRules.StringLength, $"'{member}' is {s.Length} characters long; at most {maxLength} are allowed.");
            return null;
        }
        return s;
    }

    /// <summary>Reads an optional boolean member (default <c>false</c>).</summary>
    private bool ReadBool(JsonElement obj, string member, DtdlPath path, DtdlScope scope)
    {
        if (!obj.TryGetProperty(member, out var v)) return false;
        switch (v.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default:
                errors.Add(scope, path.Member(member), DtdlRules.WrongType, $"'{member}' must be a boolean (true or false), not {Describe(v.ValueKind)}.");
                return false;
        }
    }

    /// <summary>Reads an optional 32-bit integer member.</summary>
    private int? ReadInt(JsonElement obj, string member, DtdlPath path, DtdlScope scope, out bool present)
    {
        present = obj.TryGetProperty(member, out var v);
        if (!present) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)) return n;
        errors.Add(scope, path.Member(member), DtdlRules.WrongType,
            $"'{member}' must be an integer, not {(v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Describe(v.ValueKind))}.");
        return null;
    }

    /// <summary>Reads a localizable string: a plain string (English) or a map of language tag to string.</summary>
    private LocalizedText ReadLocalized(JsonElement obj, string member, DtdlPath path, DtdlScope scope, int maxLength)
    {
        if (!obj.TryGetProperty(member, out var v)) return LocalizedText.Empty;
        var p = path.Member(member);
        switch (v.ValueKind)
        {
            case JsonValueKind.String:
            {
                var s = v.GetString()!;
                if (s.Length <= maxLength) return new LocalizedText(new Dictionary<string, string>(1) { ["en"] = s });
                errors.Add(scope, p, DtdlRules.StringLength, $"'{member}' is {s.Length} characters long; at most {maxLength} are allowed.");
                return LocalizedText.Empty;
            }
            case JsonValueKind.Object:
            {
                var d = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var lang in v.EnumerateObject())
                {
                    var lp = p.Member(lang.Name);
                    if (!IsLanguageTag(lang.Name))
                        errors.Add(scope, lp, DtdlRules.LanguageTag, $"'{lang.Name}' is not a language tag (e.g. 'en', 'de-CH').");
                    else if (lang.Value.ValueKind != JsonValueKind.String)
                        errors.Add(scope, lp, DtdlRules.WrongType, $"A localized '{member}' must be a string, not {Describe(lang.Value.ValueKind)}.");
                    else if (lang.Value.GetString()!.Length > maxLength)
                        errors.Add(scope, lp, DtdlRules.StringLength, $"'{member}' is {lang.Value.GetString()!.Length} characters long; at most {maxLength} are allowed.");
                    else d[lang.Name] = lang.Value.GetString()!;
                }
                return new LocalizedText(d);
            }
            default:
                errors.Add(scope, p, DtdlRules.WrongType, $"'{member}' must be a string or a language map, not {Describe(v.ValueKind)}.");
                return LocalizedText.Empty;
        }
    }

    // BCP 47 shape, loosely: a 2-8 letter primary subtag, then 1-8 character alphanumeric subtags.
    private static bool IsLanguageTag(string tag)
    {
        var parts = tag.Split('-');
        if (parts[0].Length is < 2 or > 8 || !parts[0].All(char.IsAsciiLetter)) return false;
        for (var i = 1; i < parts.Length; i++)
            if (parts[i].Length is < 1 or > 8 || !parts[i].All(char.IsAsciiLetterOrDigit)) return false;
        return true;
    }

    private static string KindList(HashSet<string> kinds) =>
        kinds.Count == 1 ? $"'{kinds.First()}'" : "one of " + string.Join(", ", kinds.Select(k => $"'{k}'"));

    /// <summary>A JSON value kind in words, for messages.</summary>
    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>"A content" → "a content", for use mid-sentence.</summary>
    private static string Lower(string phrase) => phrase.Length == 0 ? phrase : char.ToLowerInvariant(phrase[0]) + phrase[1..];

    private static string Show(string id) => id.Length == 0 ? "(no valid @id)" : id;
}
