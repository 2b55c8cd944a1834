using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Application;

/// <summary>
/// Loads twins and relationships in bulk from a graph file:
/// <c>{"twins": [twin bodies with $dtId], "relationships": [{"source", "id", "name", "target", "properties"}]}</c>.
/// </summary>
public static class GraphFile
{
    /// <summary>Creates or replaces every twin, then every relationship, in file order.</summary>
    /// <returns>The number of twins and relationships written.</returns>
    /// <exception cref="TwinLabException">A malformed entry; the message names the file and the entry index.</exception>
    public static (int Twins, int Relationships) Apply(TwinGraph graph, JsonElement file, string source)
    {
        if (file.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{source}: expected an object with 'twins' and 'relationships' arrays.");
        var twins = 0;
        var rels = 0;
        if (file.TryGetProperty("twins", out var twinArray))
        {
            foreach (var twin in twinArray.EnumerateArray())
            {
                var where = $"{source}: twins[{twins}]";
                if (!twin.TryGetProperty("$dtId", out var id) || id.ValueKind != JsonValueKind.String)
                    throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: $dtId is missing.");
                Wrap(where, () => graph.CreateOrReplaceTwin(id.GetString()!, twin));
                twins++;
            }
        }
        if (file.TryGetProperty("relationships", out var relArray))
        {
            foreach (var rel in relArray.EnumerateArray())
            {
                var where = $"{source}: relationships[{rels}]";
                var sourceId = Text(rel, "source", where);
                var relId = Text(rel, "id", where);
                var body = new Dictionary<string, object?>
                {
                    ["$relationshipName"] = Text(rel, "name", where),
                    ["$targetId"] = Text(rel, "target", where),
                };
                if (rel.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                    foreach (var p in props.EnumerateObject()) body[p.Name] = p.Value;
                var element = JsonSerializer.SerializeToElement(body);
                Wrap(where, () => graph.CreateOrReplaceRelationship(sourceId, relId, element));
                rels++;
            }
        }
        return (twins, rels);
    }

    private static void Wrap(string where, Action write)
    {
        try
        {
            write();
        }
        catch (TwinLabException e)
        {
            throw new TwinLabException(e.Code, $"{where}: {e.Message}");
        }
    }

    private static string Text(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: '{name}' is missing or not a string.");
}
