using System.Text.Json.Nodes;

namespace TwinLab.Network.Twin;

/// <summary>Collects twins and relationships for a graph file (<c>{"twins": […], "relationships": […]}</c>).</summary>
/// <remarks>Ids are given, not invented: the network twin's ids are derived from addresses and ports so that a re-import
/// finds the same twins. A second twin with an id already used is refused (the caller reports it).</remarks>
internal sealed class GraphFileBuilder
{
    private readonly JsonArray _twins = [];
    private readonly JsonArray _relationships = [];
    private readonly Dictionary<string, JsonObject> _twinIds = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _relationshipIds = [];

    public bool HasTwin(string id) => _twinIds.ContainsKey(id);

    /// <summary>The twin added with that id, or null (to set properties a later source knows).</summary>
    public JsonObject? FindTwin(string id) => _twinIds.GetValueOrDefault(id);

    /// <summary>Adds a twin; properties whose value is null are left out (DTDL properties are optional).</summary>
    public void Twin(string id, string model, JsonObject properties)
    {
        var twin = new JsonObject { ["$dtId"] = id, ["$metadata"] = new JsonObject { ["$model"] = model } };
        if (!_twinIds.TryAdd(id, twin)) throw new InvalidOperationException($"Twin '{id}' added twice.");
        foreach (var (key, value) in properties.ToArray())
        {
            properties.Remove(key);
            if (value is not null) twin[key] = value;
        }
        _twins.Add(twin);
    }

    /// <summary>Adds a relationship with the id <c>name:target</c> (unique per source).</summary>
    public void Relationship(string source, string name, string target, JsonObject? properties = null)
    {
        var id = $"{name}:{target}";
        if (!_relationshipIds.Add((source, id))) return;
        var rel = new JsonObject { ["source"] = source, ["id"] = id, ["name"] = name, ["target"] = target };
        if (properties is not null)
        {
            foreach (var (key, value) in properties.ToArray())
                if (value is null) properties.Remove(key);
            if (properties.Count > 0) rel["properties"] = properties;
        }
        _relationships.Add(rel);
    }

    public JsonObject Build() => new() { ["twins"] = _twins, ["relationships"] = _relationships };

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
