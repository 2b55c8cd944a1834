using System.Text;
using System.Text.Json.Nodes;

namespace TwinLab.ContactCenter.Models;

/// <summary>Collects twins and relationships for a graph file, keeping twin and relationship ids unique.</summary>
internal sealed class GraphBuilder
{
    private readonly JsonArray _twins = [];
    private readonly JsonArray _relationships = [];
    private readonly HashSet<string> _twinIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _relationshipIds = new(StringComparer.Ordinal);

    /// <summary>Adds a twin and returns its id: <paramref name="wanted"/>, or with "-2", "-3", … when two names slug alike.</summary>
    public string Twin(string wanted, string model, JsonObject properties)
    {
        var id = Unique(wanted, _twinIds);
        var twin = new JsonObject { ["$dtId"] = id, ["$metadata"] = new JsonObject { ["$model"] = model } };
        foreach (var (key, value) in properties.ToArray())
        {
            properties.Remove(key);
            twin[key] = value;
        }
        _twins.Add(twin);
        return id;
    }

    public void Relationship(string source, string name, string target, JsonObject? properties = null)
    {
        var id = Unique($"{source}-{name}-{target}", _relationshipIds);
        var rel = new JsonObject { ["source"] = source, ["id"] = id, ["name"] = name, ["target"] = target };
        if (properties is not null) rel["properties"] = properties;
        _relationships.Add(rel);
    }

    public JsonObject Build() => new() { ["twins"] = _twins, ["relationships"] = _relationships };

    /// <summary>Lower-case letters, digits, '-' and '_'; anything else becomes '-'.</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-');
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "x" : slug;
    }

    private static string Unique(string wanted, HashSet<string> used)
    {
        var id = wanted;
        for (var n = 2; !used.Add(id); n++) id = $"{wanted}-{n}";
        return id;
    }
}
