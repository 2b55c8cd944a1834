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
        // Found by fuzzing: a "\ud800" string is valid JSON but not text, and failed deep inside (reading or re-writing it).
        if (JsonSurrogates.FindLone(file.GetRawText()) is var lone and >= 0)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{source}: not valid JSON text: {JsonSurrogates.Describe(lone)}.");
        var twins = 0;
        var rels = 0;
        if (file.TryGetProperty("twins", out var twinArray))
        {
            RequireArray(twinArray, $"{source}: twins");
            foreach (var twin in twinArray.EnumerateArray())
            {
                var where = $"{source}: twins[{twins}]";
                if (twin.ValueKind != JsonValueKind.Object)
                    throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: a twin must be an object, not {SchemaValidator.Describe(twin)}.");
                if (!twin.TryGetProperty("$dtId", out var id) || id.ValueKind != JsonValueKind.String || JsonSurrogates.TryGetString(id) is null)
                    throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: $dtId is missing.");
                Wrap(where, () => graph.CreateOrReplaceTwin(id.GetString()!, twin));
                twins++;
            }
        }
        if (file.TryGetProperty("relationships", out var relArray))
        {
            RequireArray(relArray, $"{source}: relationships");
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
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && JsonSurrogates.TryGetString(v) is { Length: > 0 } s
            ? s
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: '{name}' is missing or not a string.");

    // Found by fuzzing: "twins": {} (or a number) was enumerated as an array and escaped as InvalidOperationException.
    private static void RequireArray(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: expected an array, not {SchemaValidator.Describe(e)}.");
    }
}
