using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;
using TwinLab.Sync.Drift;
using TwinLab.Sync.Drift.Expectations;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab drift expectations set|list|show|remove</c>: the declared expectations (YAML) the generic drift predictor uses.</summary>
internal static class DriftExpectationsVerb
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("expectations", "Declare what a twin's telemetry should look like (YAML: model or twins, telemetry, mean, sd or range), for twins no domain predictor covers");
        cmd.Subcommands.Add(Set(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Show(g));
        cmd.Subcommands.Add(Remove(g));
        return cmd;
    }

    private static Command Set(GlobalOptions g)
    {
        var file = new Argument<string>("file") { Description = "The YAML file (see docs: 'expectations:' list of name, model/twins, telemetry, mean, sd/range, distribution)" };
        var name = new Option<string?>("--name") { Description = "Store it under this name (default: the file name without extension); a file of the same name is replaced" };
        var cmd = new Command("set", "Check an expectations file and store it; a running server uses it within seconds") { file, name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var path = ctx.Get(file);
            if (!File.Exists(path)) throw new CliUsageException($"{path}: no such file.");
            var parsed = ExpectationsFile.Load(path, ctx.Get(name));
            new ExpectationStore(new DriftStore(ctx.Service.Store)).Save(parsed);
            if (ctx.Json)
                ctx.WriteJson(new JsonObject { ["name"] = parsed.Name, ["expectations"] = new JsonArray([.. parsed.Expectations.Select(e => (JsonNode)e.Name)]) });
            else
                ctx.Out.WriteLine($"Stored expectations '{parsed.Name}' ({parsed.Expectations.Count}: {string.Join(", ", parsed.Expectations.Select(e => e.Name))}); 'twinlab drift check' judges telemetry against them.");
            return 0;
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "The stored expectations files");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var docs = new ExpectationStore(new DriftStore(ctx.Service.Store)).List();
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. docs.Select(d => (JsonNode)new JsonObject { ["name"] = d.Id, ["title"] = d.Title, ["stored"] = TwinJson.Format(d.Created) })]));
                return 0;
            }
            Table.Write(ctx.Out, ["name", "stored", "what"], docs.Select(d => (IReadOnlyList<string>)[d.Id, DriftStatusPrinter.When(d.Created), d.Title]));
            return 0;
        }));
        return cmd;
    }

    private static Command Show(GlobalOptions g)
    {
        var name = new Argument<string>("name") { Description = "The stored name" };
        var cmd = new Command("show", "Print a stored expectations file") { name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var doc = ctx.Service.Store.LoadDocument(DriftStore.ExpectationsKind, ctx.Get(name))
                ?? throw new CliUsageException($"No expectations named '{ctx.Get(name)}' are stored; see 'twinlab drift expectations list'.");
            ctx.Out.Write(doc.Json.EndsWith('\n') ? doc.Json : doc.Json + "\n");
            return 0;
        }));
        return cmd;
    }

    private static Command Remove(GlobalOptions g)
    {
        var name = new Argument<string>("name") { Description = "The stored name" };
        var cmd = new Command("remove", "Delete a stored expectations file (its twins' series stay, and are no longer judged)") { name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            new ExpectationStore(new DriftStore(ctx.Service.Store)).Remove(ctx.Get(name));
            if (!ctx.Json) ctx.Out.WriteLine($"Removed expectations '{ctx.Get(name)}'.");
            else ctx.WriteJson(new JsonObject { ["removed"] = ctx.Get(name) });
            return 0;
        }));
        return cmd;
    }
}
