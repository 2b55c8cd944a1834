using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab twins create|get|patch|replace|delete|list|purge</c>.</summary>
internal static class TwinsCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("twins", "Create, read, patch, replace, delete, list and purge twins");
        cmd.Subcommands.Add(CreateTwin(g));
        cmd.Subcommands.Add(Get(g));
        cmd.Subcommands.Add(Patch(g));
        cmd.Subcommands.Add(Replace(g));
        cmd.Subcommands.Add(Delete(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(TwinsPurgeVerb.Create(g));
        return cmd;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The twin id" };

    private static Option<string?> IfMatchOption() => new("--if-match") { Description = "Only if the twin's current ETag equals this (optimistic concurrency)" };

    private static Command CreateTwin(GlobalOptions g)
    {
        var id = IdArgument();
        var model = new Option<string?>("--model", "-m") { Description = "The twin's model DTMI (with --properties)" };
        var properties = new Option<string?>("--properties", "-p") { Description = "Property values as a JSON object, or @file" };
        var body = new Option<string?>("--body") { Description = "A full Azure Digital Twins twin body ($metadata.$model, properties, components) as JSON, or @file" };
        var cmd = new Command("create", "Create a twin (fails if it exists)") { id, model, properties, body };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var twinBody = BuildBody(ctx.Get(model), ctx.Get(properties), ctx.Get(body));
            return ctx.Commit(data => data.PutTwin(ctx.Get(id), twinBody, null, createOnly: true), o => WriteTwin(ctx, o, "Created"));
        }));
        return cmd;
    }

    private static Command Replace(GlobalOptions g)
    {
        var id = IdArgument();
        var body = new Option<string>("--body") { Description = "The twin body as JSON, or @file", Required = true };
        var ifMatch = IfMatchOption();
        var cmd = new Command("replace", "Create or replace a twin with a full body") { id, body, ifMatch };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var twinBody = JsonInput.Read(ctx.Get(body), "--body");
            return ctx.Commit(data => data.PutTwin(ctx.Get(id), twinBody, ctx.Get(ifMatch), createOnly: false), o => WriteTwin(ctx, o, "Replaced"));
        }));
        return cmd;
    }

    private static Command Get(GlobalOptions g)
    {
        var id = IdArgument();
        var cmd = new Command("get", "Show a twin (on --branch, as of --as-of)") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var twin = ctx.Data.GetTwin(ctx.Get(id));
            if (ctx.Json) ctx.WriteJsonText(TwinJson.ToJson(twin));
            else ctx.Out.WriteLine(TwinJson.ToJson(twin, indented: true));
            return 0;
        }));
        return cmd;
    }

    private static Command Patch(GlobalOptions g)
    {
        var id = IdArgument();
        var patch = new Option<string?>("--patch") { Description = "A JSON Patch document (RFC 6902: add, replace, remove), or @file" };
        var set = new Option<string[]>("--set") { Description = "PATH=JSON shorthand for an add operation, e.g. --set temperature=21.5 --set /thermostat/mode='\"eco\"'", AllowMultipleArgumentsPerToken = false };
        var remove = new Option<string[]>("--remove") { Description = "PATH to remove" };
        var ifMatch = IfMatchOption();
        var cmd = new Command("patch", "Update a twin with JSON Patch; all operations or none") { id, patch, set, remove, ifMatch };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var ops = new List<JsonPatchOperation>();
            if (ctx.Get(patch) is { } text)
            {
                var (json, source) = JsonInput.Text(text, "--patch");
                ops.AddRange(JsonPatchDocument.Parse(JsonInput.Parse(json, source)));
            }
            foreach (var s in ctx.Get(set) ?? [])
            {
                var eq = s.IndexOf('=');
                if (eq <= 0) throw new CliUsageException($"--set '{s}': expected PATH=JSON, e.g. temperature=21.5.");
                var path = s[..eq].StartsWith('/') ? s[..eq] : "/" + s[..eq];
                ops.Add(JsonPatchOperation.Add(path, ParseSetValue(s[(eq + 1)..])));
            }
            foreach (var r in ctx.Get(remove) ?? [])
                ops.Add(JsonPatchOperation.Remove(r.StartsWith('/') ? r : "/" + r));
            if (ops.Count == 0) throw new CliUsageException("Nothing to patch: give --patch, --set or --remove.");
            return ctx.Commit(data => data.PatchTwin(ctx.Get(id), ops, ctx.Get(ifMatch)), o => WriteTwin(ctx, o, "Patched"));
        }));
        return cmd;
    }

    private static Command Delete(GlobalOptions g)
    {
        var id = IdArgument();
        var ifMatch = IfMatchOption();
        var cmd = new Command("delete", "Delete a twin that has no relationships") { id, ifMatch };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            return ctx.Commit(data => data.DeleteTwin(ctx.Get(id), ctx.Get(ifMatch)), o =>
            {
                if (ctx.Json) ctx.WriteJson(new JsonObject { ["deleted"] = ctx.Get(id), ["sequence"] = CliContext.SequenceJson(o.FirstSequence, o.LastSequence) });
                else ctx.Out.WriteLine($"Deleted twin {ctx.Get(id)} ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}).");
            });
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Only twins of this model or a model derived from it" };
        var cmd = new Command("list", "List twins (on --branch, as of --as-of)") { model };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var twins = ctx.Data.ListTwins(ctx.Get(model));
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(twins.Select(t => (JsonNode)TwinJson.ToNode(t)).ToArray()));
                return 0;
            }
            Table.Write(ctx.Out, ["id", "model", "etag", "properties"],
                twins.Select(t => (IReadOnlyList<string>)[t.Id, t.ModelId, t.ETag, string.Join(", ", t.Properties.Select(kv => $"{kv.Key}={kv.Value.Value.GetRawText()}"))]));
            return 0;
        }));
        return cmd;
    }

    /// <summary>The twin body from either --body or --model with --properties.</summary>
    private static JsonElement BuildBody(string? model, string? properties, string? body)
    {
        if (body is not null)
        {
            if (model is not null || properties is not null) throw new CliUsageException("Give either --body, or --model with --properties, not both.");
            return JsonInput.Read(body, "--body");
        }
        if (model is null) throw new CliUsageException("Give --model DTMI (with optional --properties JSON), or --body.");
        var obj = new JsonObject();
        if (properties is not null)
        {
            var props = JsonInput.Read(properties, "--properties");
            if (props.ValueKind != JsonValueKind.Object) throw new CliUsageException("--properties must be a JSON object.");
            obj = JsonNode.Parse(props.GetRawText())!.AsObject();
        }
        obj["$metadata"] = new JsonObject { ["$model"] = model };
        return JsonSerializer.SerializeToElement(obj);
    }

    /// <summary>A --set value: JSON if it parses, otherwise the text as a JSON string (so --set name=Lobby works).</summary>
    private static JsonElement ParseSetValue(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }

    /// <summary>With --json the twin itself (its etag names the sequence number of the write); otherwise one line.</summary>
    private static void WriteTwin(CliContext ctx, Core.Application.WriteOutcome<Twin> outcome, string verb)
    {
        var twin = outcome.Value;
        if (ctx.Json) ctx.WriteJsonText(TwinJson.ToJson(twin));
        else ctx.Out.WriteLine($"{verb} twin {twin.Id} ({twin.ModelId}){ctx.OnBranch}, etag {twin.ETag}, {CliContext.SequenceText(outcome.FirstSequence, outcome.LastSequence)}.");
    }
}
