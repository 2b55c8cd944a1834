using System.CommandLine;
using System.Text.Json.Nodes;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab query TEXT</c>.</summary>
internal static class QueryCommand
{
    public static Command Create(GlobalOptions g)
    {
        var text = new Argument<string>("query") { Description = "Azure Digital Twins query language, e.g. \"SELECT * FROM DIGITALTWINS T WHERE T.temperature > 25\"" };
        var cmd = new Command("query", "Query the twin graph (on --branch, as of --as-of)") { text };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var rows = ctx.Data.Query(ctx.Get(text));
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(rows.Select(r => (JsonNode)r.DeepClone()).ToArray()));
                return 0;
            }
            WriteRows(ctx.Out, rows);
            return 0;
        }));
        return cmd;
    }

    /// <summary>Rows as a table: twins show id, model and properties; other rows one column per member.</summary>
    internal static void WriteRows(TextWriter w, IReadOnlyList<JsonObject> rows)
    {
        if (rows.Count > 0 && rows.All(r => r.ContainsKey("$dtId") && r.ContainsKey("$metadata")))
        {
            Table.Write(w, ["$dtId", "model", "properties"], rows.Select(r => (IReadOnlyList<string>)[
                r["$dtId"]!.GetValue<string>(),
                r["$metadata"]?["$model"]?.GetValue<string>() ?? "",
                string.Join(", ", r.Where(kv => !kv.Key.StartsWith('$')).Select(kv => $"{kv.Key}={Cell(kv.Value)}"))]));
            return;
        }
        var columns = rows.SelectMany(r => r.Select(kv => kv.Key)).Distinct().ToArray();
        Table.Write(w, columns, rows.Select(r => (IReadOnlyList<string>)columns.Select(c => r.TryGetPropertyValue(c, out var v) ? Cell(v) : "").ToArray()));
    }

    private static string Cell(JsonNode? v) => v switch
    {
        null => "null",
        JsonObject o when o.TryGetPropertyValue("$dtId", out var id) => id!.GetValue<string>(),
        JsonObject o when o.TryGetPropertyValue("$relationshipId", out var rid) => $"{o["$sourceId"]} -[{o["$relationshipName"]}]-> {o["$targetId"]} ({rid})",
        JsonValue val when val.TryGetValue<string>(out var s) => s,
        _ => v.ToJsonString(),
    };
}
