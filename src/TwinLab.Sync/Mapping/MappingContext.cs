using System.Text.Json;

namespace TwinLab.Sync.Mapping;

/// <summary>What a rule's values are read from: the message (<c>$</c>), the current <c>forEach</c> element (<c>@</c>)
/// and the topic's captures.</summary>
internal readonly record struct MappingContext(string Rule, JsonElement Root, JsonElement Current,
    KeyValuePair<string, string>[] Captures, DateTimeOffset Received)
{
    public bool TryCapture(string name, out string value)
    {
        foreach (var (k, v) in Captures)
        {
            if (k != name) continue;
            value = v;
            return true;
        }
        value = "";
        return false;
    }

    public bool TryEvaluate(JsonPath path, out JsonElement value) => path.TryEvaluate(Root, Current, out value);

    public MappingException Missing(string field, JsonPath path) =>
        new(Rule, $"{field}: {path.Text} is missing in the payload");

    public MappingException Error(string field, string problem) => new(Rule, $"{field}: {problem}");
}
