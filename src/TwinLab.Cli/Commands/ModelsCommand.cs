using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Core.Models;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab models import|list|show|delete</c>.</summary>
internal static class ModelsCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("models", "Import, list, show and delete DTDL models");
        cmd.Subcommands.Add(Import(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Show(g));
        cmd.Subcommands.Add(Delete(g));
        return cmd;
    }

    private static Command Import(GlobalOptions g)
    {
        var paths = new Argument<string[]>("paths") { Description = "DTDL .json files or folders (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("import", "Import DTDL v2/v3 interfaces in one batch: all of them or none") { paths };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var sources = ReadSources(ctx.Get(paths));
            return ctx.Commit(data => data.ImportModels(sources), o =>
            {
                // The JSON shape stays the array of imported ids; the sequence number is in the history.
                if (ctx.Json) ctx.WriteJson(new JsonArray(o.Value.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()));
                else ctx.Out.WriteLine($"Imported {o.Value.Count} model(s) from {sources.Count} file(s) ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}).");
            });
        }));
        return cmd;
    }

    /// <summary>Reads every .json file under the given paths, in a stable order.</summary>
    internal static IReadOnlyList<DtdlSource> ReadSources(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else if (File.Exists(path))
                files.Add(path);
            else
                throw new CliUsageException($"'{path}' is neither a file nor a folder.");
        }
        if (files.Count == 0) throw new CliUsageException($"No .json files found in {string.Join(", ", paths)}.");
        return files.Select(f => new DtdlSource(File.ReadAllText(f), f)).ToArray();
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List the imported models (on --branch, as of --as-of)");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var models = ctx.Data.Models();
            var entries = models.Entries.OrderBy(e => e.Interface.Id, StringComparer.Ordinal).ToArray();
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(entries.Select(e => (JsonNode)new JsonObject
                {
                    ["id"] = e.Interface.Id,
                    ["displayName"] = e.Interface.DisplayName.Default,
                    ["extends"] = new JsonArray(e.Interface.Extends.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
                    ["contents"] = e.Interface.Contents.Count,
                    ["decommissioned"] = e.Decommissioned,
                    ["uploadTime"] = e.UploadTime.ToString("O"),
                }).ToArray()));
                return 0;
            }
            Table.Write(ctx.Out, ["id", "display name", "extends", "contents", "decommissioned"],
                entries.Select(e => (IReadOnlyList<string>)[e.Interface.Id, e.Interface.DisplayName.Default ?? "", string.Join(", ", e.Interface.Extends),
                    e.Interface.Contents.Count.ToString(), e.Decommissioned ? "yes" : ""]));
            return 0;
        }));
        return cmd;
    }

    private static Command Show(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The model's DTMI" };
        var cmd = new Command("show", "Show a model: its definition and every content, inherited ones included") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var modelId = ctx.Get(id);
            var models = ctx.Data.Models(dependenciesOf: modelId);
            var model = models.Find(modelId) ?? throw new Core.Errors.TwinLabException(Core.Errors.ErrorCodes.ModelNotFound, $"Model '{modelId}' not found.");
            if (ctx.Json)
            {
                ctx.WriteJsonText(model.Definition);
                return 0;
            }
            ctx.Out.WriteLine($"{model.Id}  (DTDL v{model.DtdlVersion}){(model.DisplayName.Default is { } dn ? "  " + dn : "")}");
            if (model.Extends.Count > 0) ctx.Out.WriteLine($"extends: {string.Join(", ", model.Extends)}");
            if (model.Description.Default is { } desc) ctx.Out.WriteLine(desc);
            Table.Write(ctx.Out, ["name", "kind", "schema / target", "defined in"],
                models.AllContents(modelId).Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => (IReadOnlyList<string>)[c.Name, Kind(c), Detail(c), c.DefinedIn]));
            return 0;
        }));
        return cmd;
    }

    private static Command Delete(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The model's DTMI" };
        var cmd = new Command("delete", "Delete a model no twin or other model uses") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            return ctx.Commit(data => data.DeleteModel(ctx.Get(id)), o =>
            {
                if (ctx.Json) ctx.WriteJson(new JsonObject { ["deleted"] = ctx.Get(id), ["sequence"] = CliContext.SequenceJson(o.FirstSequence, o.LastSequence) });
                else ctx.Out.WriteLine($"Deleted model {ctx.Get(id)} ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}).");
            });
        }));
        return cmd;
    }

    private static string Kind(DtdlContent c) => c switch
    {
        DtdlProperty => "Property",
        DtdlTelemetry => "Telemetry",
        DtdlCommand => "Command",
        DtdlRelationship => "Relationship",
        DtdlComponent => "Component",
        _ => c.GetType().Name,
    };

    private static string Detail(DtdlContent c) => c switch
    {
        DtdlProperty p => SchemaName(p.Schema) + (p.Writable ? " (writable)" : ""),
        DtdlTelemetry t => SchemaName(t.Schema) + (t.Unit is { } u ? $" [{u}]" : ""),
        DtdlRelationship r => (r.Target ?? "any") + (r.MaxMultiplicity is { } m ? $" (max {m})" : ""),
        DtdlComponent comp => comp.Schema,
        _ => "",
    };

    private static string SchemaName(DtdlSchema s) => s switch
    {
        PrimitiveSchema p => p.Name,
        EnumSchema e => $"Enum<{e.ValueSchema}>",
        ArraySchema a => $"Array<{SchemaName(a.ElementSchema)}>",
        MapSchema m => $"Map<string,{SchemaName(m.ValueSchema)}>",
        ObjectSchema o => $"Object{{{string.Join(",", o.Fields.Select(f => f.Name))}}}",
        _ => s.GetType().Name,
    };
}
