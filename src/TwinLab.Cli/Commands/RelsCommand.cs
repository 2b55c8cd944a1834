using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab rels add|get|list|delete</c>.</summary>
internal static class RelsCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("rels", "Add, read, list and delete relationships between twins");
        cmd.Subcommands.Add(Add(g));
        cmd.Subcommands.Add(Get(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Delete(g));
        return cmd;
    }

    private static Argument<string> Source() => new("source") { Description = "The source twin id" };

    private static Argument<string> RelId() => new("relationship-id") { Description = "The relationship id (unique per source twin)" };

    private static Command Add(GlobalOptions g)
    {
        var source = Source();
        var relId = RelId();
        var name = new Option<string>("--name", "-n") { Description = "The relationship name in the source's model", Required = true };
        var target = new Option<string>("--target", "-t") { Description = "The target twin id", Required = true };
        var properties = new Option<string?>("--properties", "-p") { Description = "Relationship property values as a JSON object, or @file" };
        var ifMatch = new Option<string?>("--if-match") { Description = "Replace only if the relationship's current ETag equals this" };
        var cmd = new Command("add", "Create or replace a relationship") { source, relId, name, target, properties, ifMatch };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var body = new JsonObject { ["$relationshipName"] = ctx.Get(name), ["$targetId"] = ctx.Get(target) };
            if (ctx.Get(properties) is { } text)
            {
                var props = JsonInput.Read(text, "--properties");
                if (props.ValueKind != JsonValueKind.Object) throw new CliUsageException("--properties must be a JSON object.");
                foreach (var m in props.EnumerateObject()) body[m.Name] = JsonNode.Parse(m.Value.GetRawText());
            }
            var element = JsonSerializer.SerializeToElement(body);
            return ctx.Commit(data => data.PutRelationship(ctx.Get(source), ctx.Get(relId), element, ctx.Get(ifMatch)), o =>
            {
                var rel = o.Value;
                if (ctx.Json) ctx.WriteJsonText(TwinJson.ToJson(rel));
                else ctx.Out.WriteLine($"Added {rel.SourceId} -[{rel.Name}]-> {rel.TargetId} as '{rel.Id}'{ctx.OnBranch}, etag {rel.ETag}, {CliContext.SequenceText(o.FirstSequence, o.LastSequence)}.");
            });
        }));
        return cmd;
    }

    private static Command Get(GlobalOptions g)
    {
        var source = Source();
        var relId = RelId();
        var cmd = new Command("get", "Show a relationship (on --branch, as of --as-of)") { source, relId };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var rel = ctx.Data.GetRelationship(ctx.Get(source), ctx.Get(relId));
            if (ctx.Json) ctx.WriteJsonText(TwinJson.ToJson(rel));
            else ctx.Out.WriteLine(TwinJson.ToJson(rel, indented: true));
            return 0;
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var twin = new Argument<string>("twin") { Description = "The twin whose relationships to list" };
        var name = new Option<string?>("--name", "-n") { Description = "Only relationships with this name" };
        var incoming = new Option<bool>("--incoming") { Description = "List relationships pointing at the twin instead of from it" };
        var cmd = new Command("list", "List a twin's outgoing (or incoming) relationships (on --branch, as of --as-of)") { twin, name, incoming };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var rels = ctx.Data.ListRelationships(ctx.Get(twin), ctx.Get(name), ctx.Get(incoming));
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(rels.Select(r => (JsonNode)TwinJson.ToNode(r)).ToArray()));
                return 0;
            }
            Table.Write(ctx.Out, ["id", "source", "name", "target", "properties"],
                rels.Select(r => (IReadOnlyList<string>)[r.Id, r.SourceId, r.Name, r.TargetId, string.Join(", ", r.Properties.Select(kv => $"{kv.Key}={kv.Value.GetRawText()}"))]));
            return 0;
        }));
        return cmd;
    }

    private static Command Delete(GlobalOptions g)
    {
        var source = Source();
        var relId = RelId();
        var ifMatch = new Option<string?>("--if-match") { Description = "Only if the relationship's current ETag equals this" };
        var cmd = new Command("delete", "Delete a relationship") { source, relId, ifMatch };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            return ctx.Commit(data => data.DeleteRelationship(ctx.Get(source), ctx.Get(relId), ctx.Get(ifMatch)), o =>
            {
                if (ctx.Json) ctx.WriteJson(new JsonObject { ["deleted"] = ctx.Get(relId), ["source"] = ctx.Get(source), ["sequence"] = CliContext.SequenceJson(o.FirstSequence, o.LastSequence) });
                else ctx.Out.WriteLine($"Deleted relationship '{ctx.Get(relId)}' of {ctx.Get(source)}{ctx.OnBranch} ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}).");
            });
        }));
        return cmd;
    }
}
