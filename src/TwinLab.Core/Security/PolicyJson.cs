using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;

namespace TwinLab.Core.Security;

/// <summary>
/// Reads and writes a policy as JSON, in the shape of an Eclipse Ditto policy:
/// <c>{"entries": {"LABEL": {"subjects": [...], "resources": [...], "grant": [...], "revoke": [...]}}}</c>.
/// </summary>
/// <remarks>Reading checks everything (subjects, resources, permissions, unknown fields) and names the entry and field of
/// the first problem, so a typo cannot silently grant or fail to revoke.</remarks>
public static class PolicyJson
{
    private static readonly string[] EntryFields = ["subjects", "resources", "grant", "revoke"];

    /// <summary>Reads policy <paramref name="id"/> from <paramref name="json"/>.</summary>
    /// <param name="id">The policy's id (an <c>id</c> field in the document, if any, must agree).</param>
    /// <param name="json">The document.</param>
    /// <param name="source">Where the document came from (a file name), for errors.</param>
    /// <exception cref="TwinLabException">InvalidArgument naming the source, policy, entry and field.</exception>
    public static AccessPolicy Read(string id, JsonElement json, string source)
    {
        AccessPolicy.CheckId(id);
        var where = $"{source}: policy '{id}'";
        if (json.ValueKind != JsonValueKind.Object) throw Error($"{where}: the document must be a JSON object with \"entries\".");
        foreach (var p in json.EnumerateObject())
            if (p.Name is not ("id" or "entries")) throw Error($"{where}: unknown field '{p.Name}'; a policy has 'id' and 'entries'.");
        if (json.TryGetProperty("id", out var given) && (given.ValueKind != JsonValueKind.String || given.GetString() != id))
            throw Error($"{where}: field 'id' says {given.GetRawText()}, not \"{id}\".");
        if (!json.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Object)
            throw Error($"{where}: field 'entries' must be an object of LABEL: {{subjects, resources, grant, revoke}}.");
        var list = new List<PolicyEntry>();
        foreach (var e in entries.EnumerateObject()) list.Add(ReadEntry(e.Name, e.Value, $"{where}, entry '{e.Name}'"));
        return new AccessPolicy(id, list);
    }

    /// <summary>Reads policy <paramref name="id"/> from JSON text.</summary>
    /// <exception cref="TwinLabException">InvalidArgument: not JSON, or the policy is not valid.</exception>
    public static AccessPolicy Read(string id, string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Error($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (doc) return Read(id, doc.RootElement, source);
    }

    /// <summary>The policy as JSON (the shape <see cref="Read(string, JsonElement, string)"/> takes).</summary>
    public static JsonObject Write(AccessPolicy policy)
    {
        var entries = new JsonObject();
        foreach (var e in policy.Entries)
            entries[e.Label] = new JsonObject
            {
                ["subjects"] = new JsonArray([.. e.Subjects.Select(s => (JsonNode)s)]),
                ["resources"] = new JsonArray([.. e.Resources.Select(r => (JsonNode)r.ToString())]),
                ["grant"] = new JsonArray([.. PermissionNames.Format(e.Grant).Select(n => (JsonNode)n)]),
                ["revoke"] = new JsonArray([.. PermissionNames.Format(e.Revoke).Select(n => (JsonNode)n)]),
            };
        return new JsonObject { ["id"] = policy.Id, ["entries"] = entries };
    }

    private static PolicyEntry ReadEntry(string label, JsonElement e, string where)
    {
        if (label.Length is 0 or > AccessPolicy.MaxNameLength) throw Error($"{where}: a label must be 1 to {AccessPolicy.MaxNameLength} characters.");
        if (e.ValueKind != JsonValueKind.Object) throw Error($"{where}: must be an object with subjects, resources, grant and revoke.");
        foreach (var p in e.EnumerateObject())
            if (!EntryFields.Contains(p.Name)) throw Error($"{where}: unknown field '{p.Name}'; an entry has {string.Join(", ", EntryFields)}.");
        var subjects = Strings(e, "subjects", where, required: true).Select((s, i) => PolicySubjects.Check(s, $"{where}, field 'subjects'[{i}]")).ToArray();
        var resources = Strings(e, "resources", where, required: true).Select((r, i) => PolicyResource.Parse(r, $"{where}, field 'resources'[{i}]")).ToArray();
        var grant = Permissions(e, "grant", where);
        var revoke = Permissions(e, "revoke", where);
        if (grant == Security.Permissions.None && revoke == Security.Permissions.None)
            throw Error($"{where}: grants and revokes nothing; give 'grant' or 'revoke' a permission (READ, WRITE, EXECUTE, ADMIN).");
        return new PolicyEntry(label, subjects, resources, grant, revoke);
    }

    private static Permissions Permissions(JsonElement e, string field, string where) =>
        Strings(e, field, where, required: false).Select((p, i) => PermissionNames.ParseOne(p, $"{where}, field '{field}'[{i}]"))
            .Aggregate(Security.Permissions.None, (all, p) => all | p);

    private static List<string> Strings(JsonElement e, string field, string where, bool required)
    {
        if (!e.TryGetProperty(field, out var v))
            return required ? throw Error($"{where}: field '{field}' is missing; it must be a non-empty list of strings.") : [];
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            throw Error($"{where}: field '{field}' must be a list of strings.");
        var list = v.EnumerateArray().Select(x => x.GetString()!).ToList();
        if (required && list.Count == 0) throw Error($"{where}: field '{field}' is empty; it must name at least one.");
        return list;
    }

    private static TwinLabException Error(string message) => new(ErrorCodes.InvalidArgument, message);
}
