using System.Text.Json.Nodes;

namespace TwinLab.Network.Twin;

/// <summary>Collects twins and relationships for a graph file (<c>{"twins": […], "relationships": […]}</c>).</summary>
/// <remarks>Ids are given, not invented: the network twin's ids are derived from addresses and ports so that a re-import
/// finds the same twins. A second twin with an id already used is refused (the caller reports it).</remarks>
internal sealed class GraphFileBuilder
{
    private readonly JsonArray _twins = [];
    private readonly JsonArray _relationships = [];
    private readonly HashSet<string> _twinIds = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _relationshipIds = [];

    public bool HasTwin(string id) => _twinIds.Contains(id);

    /// <summary>Adds a twin; properties whose value is null are left out (DTDL properties are optional).</summary>
    public void Twin(string id, string model, JsonObject properties)
    {
        if (!_twinIds.Add(id)) throw new InvalidOperationException($"Twin '{id}' added twice.");
        var twin = new JsonObject { ["$dtId"] = id, ["$metadata"] = new JsonObject { ["$model"] = model } };
        foreach (var (key, value) in properties.ToArray())
        {
            properties.Remove(key);
            if (value is not null) twin[key] = value;
        }
        _twins.Add(twin);
    }

    /// <summary>Adds a relationship with the id <c>name:target</c> (unique per source).</summary>
    public void Relationship(string source, string name, string target)
    {
        var id = $"{name}:{target}";
        if (!_relationshipIds.Add((source, id))) return;
        _relationships.Add(new JsonObject { ["source"] = source, ["id"] = id, ["name"] = name, ["target"] = target });
    }

    public JsonObject Build() => new() { ["twins"] = _twins, ["relationships"] = _relationships };

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
