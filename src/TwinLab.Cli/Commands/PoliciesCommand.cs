using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;
using TwinLab.Core.Security;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab policies set|list|show|remove|grant|revoke|check</c>: the access policies the server enforces, kept in the
/// database. The CLI itself works on the database file, so whoever can run it there is the administrator.
/// </summary>
internal static class PoliciesCommand
{
    /// <summary>The policy <c>grant</c>/<c>revoke</c> add to when no <c>--policy</c> is given.</summary>
    public const string DefaultPolicy = "default";

    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("policies", "Manage access policies: who may READ, WRITE, EXECUTE or ADMIN which twins, models, branches and connections");
        cmd.Subcommands.Add(Set(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Show(g));
        cmd.Subcommands.Add(Remove(g));
        cmd.Subcommands.Add(Change(g, revoke: false));
        cmd.Subcommands.Add(Change(g, revoke: true));
        cmd.Subcommands.Add(Check(g));
        return cmd;
    }

    private static Command Set(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The policy's id" };
        var file = new Option<string>("--file") { Description = "The policy, JSON or YAML: {entries: {LABEL: {subjects, resources, grant, revoke}}}", Required = true };
        var cmd = new Command("set", "Create or replace a policy from a file (checked entirely before anything is saved)") { id, file };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var path = ctx.Get(file);
            if (!File.Exists(path)) throw new CliUsageException($"--file: file '{path}' not found.");
            var policy = new PolicyStore(ctx.Service.Store).Save(Read(ctx.Get(id), File.ReadAllText(path), path));
            if (ctx.Json) ctx.WriteJson(PolicyJson.Write(policy));
            else ctx.Out.WriteLine($"Saved policy '{policy.Id}' ({policy.Entries.Count} entries); a running server applies it within a second.");
            return 0;
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List every policy entry: policy, entry, subjects, resources, grant, revoke");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var policies = new PolicyStore(ctx.Service.Store).List();
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. policies.Select(x => (JsonNode)PolicyJson.Write(x))]));
                return 0;
            }
            Table.Write(ctx.Out, ["policy", "entry", "subjects", "resources", "grant", "revoke"],
                policies.SelectMany(x => x.Entries.Select(e => (IReadOnlyList<string>)[
                    x.Id, e.Label, string.Join(" ", e.Subjects), string.Join(" ", e.Resources),
                    string.Join(",", PermissionNames.Format(e.Grant)), string.Join(",", PermissionNames.Format(e.Revoke))])));
            return 0;
        }));
        return cmd;
    }

    private static Command Show(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The policy's id" };
        var cmd = new Command("show", "Print a policy as JSON (the form 'set --file' takes)") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var policy = new PolicyStore(ctx.Service.Store).Find(ctx.Get(id)) ?? throw NotFound(ctx.Get(id));
            ctx.WriteJson(PolicyJson.Write(policy));
            return 0;
        }));
        return cmd;
    }

    private static Command Remove(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The policy's id" };
        var cmd = new Command("remove", "Remove a policy: its grants and revokes stop applying within a second") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            if (!new PolicyStore(ctx.Service.Store).Remove(ctx.Get(id))) throw NotFound(ctx.Get(id));
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["removed"] = ctx.Get(id) });
            else ctx.Out.WriteLine($"Removed policy '{ctx.Get(id)}'.");
            return 0;
        }));
        return cmd;
    }

    private static Command Change(GlobalOptions g, bool revoke)
    {
        var verb = revoke ? "revoke" : "grant";
        var subject = new Argument<string>("subject") { Description = "key:APIKEYNAME, jwt:SUBJECT, group:GROUP or * (any authenticated caller)" };
        var permissions = new Argument<string>("permissions") { Description = "READ, WRITE, EXECUTE, ADMIN, comma-separated, or ALL" };
        var resource = new Argument<string>("resource") { Description = "*, model:DTMI, twins:PREFIX*, tree:ROOTID[/RELNAME], twin:ID, branch:NAME or connection:NAME" };
        var policy = new Option<string>("--policy") { Description = "The policy to add the entry to (made if missing)", DefaultValueFactory = _ => DefaultPolicy };
        var cmd = new Command(verb, revoke
            ? "Add an entry revoking permissions (a revoke on a narrower resource beats a grant on a wider one)"
            : "Add an entry granting permissions") { subject, permissions, resource, policy };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var perms = PermissionNames.Parse(ctx.Get(permissions), "permissions");
            var saved = new PolicyStore(ctx.Service.Store).Add(ctx.Get(policy), ctx.Get(subject), perms, PolicyResource.Parse(ctx.Get(resource), "resource"), revoke);
            if (ctx.Json) ctx.WriteJson(PolicyJson.Write(saved));
            else ctx.Out.WriteLine($"Policy '{saved.Id}' entry '{saved.Entries[^1].Label}': {verb} {string.Join(",", PermissionNames.Format(perms))} on {ctx.Get(resource)} to {ctx.Get(subject)}.");
            return 0;
        }));
        return cmd;
    }

    private static Command Check(GlobalOptions g)
    {
        var subject = new Argument<string>("subject") { Description = "key:APIKEYNAME, jwt:SUBJECT or group:GROUP" };
        var permission = new Argument<string>("permission") { Description = "READ, WRITE, EXECUTE or ADMIN" };
        var resource = new Argument<string>("resource") { Description = "twin:ID (on --branch), model:DTMI, branch:NAME, connection:NAME or *" };
        var groups = new Option<string[]>("--group") { Description = "A group the subject is in (repeatable), as a JWT's groups claim would say", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("check", "Say whether a subject may do something, and which policy entry decided") { subject, permission, resource, groups };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var who = PolicySubjects.Check(ctx.Get(subject), "subject");
            var perm = PermissionNames.ParseOne(ctx.Get(permission), "permission");
            var target = PolicyResource.Parse(ctx.Get(resource), "resource");
            var access = new PolicyStore(ctx.Service.Store).Current().For([who, .. (ctx.Get(groups) ?? []).Select(PolicySubjects.Group)]);
            var decision = Decide(ctx, access, perm, target);
            if (ctx.Json)
                ctx.WriteJson(new JsonObject
                {
                    ["allowed"] = decision.Allowed,
                    ["subject"] = who, ["permission"] = perm.ToString().ToUpperInvariant(), ["resource"] = target.ToString(),
                    ["policy"] = decision.DecidedBy?.PolicyId, ["entry"] = decision.DecidedBy?.Entry.Label,
                    ["decidedBy"] = decision.DecidedBy?.Resource.ToString(), ["explanation"] = decision.Explain(),
                });
            else ctx.Out.WriteLine(decision.Explain());
            return 0;
        }));
        return cmd;
    }

    private static AccessDecision Decide(CliContext ctx, CallerAccess access, Permissions permission, PolicyResource target)
    {
        switch (target.Kind)
        {
            case ResourceKind.Everything: return access.OnEverything(permission);
            case ResourceKind.Branch: return access.OnBranch(permission, target.Value);
            case ResourceKind.Connection: return access.OnConnection(permission, target.Value);
            case ResourceKind.Model: return access.OnModel(permission, target.Value, ctx.Read().Models);
            case ResourceKind.Twin:
                var twin = access.View(ctx.Read()).Decide(permission, target.Value);
                var branch = ctx.BranchGiven ? access.OnBranch(permission == Permissions.Read ? Permissions.Read : Permissions.Write, ctx.Branch) : null;
                return branch is { Allowed: false } ? branch : twin;
            default:
                throw new CliUsageException($"resource: check one thing (twin:ID, model:DTMI, branch:NAME, connection:NAME or *), not '{target}'.");
        }
    }

    /// <summary>Reads a policy file: JSON when it starts with '{', else YAML (turned into the same JSON shape).</summary>
    internal static AccessPolicy Read(string id, string text, string source)
    {
        if (text.TrimStart().StartsWith('{')) return PolicyJson.Read(id, text, source);
        var stream = YamlText.Load(text, (line, column, message) => new TwinLabException(ErrorCodes.InvalidArgument, $"{source}:{line}:{column}: {message}"));
        if (stream.Documents.Count == 0) throw new TwinLabException(ErrorCodes.InvalidArgument, $"{source}: the file is empty.");
        using var json = JsonDocument.Parse(ToJson(stream.Documents[0].RootNode)?.ToJsonString() ?? "null");
        return PolicyJson.Read(id, json.RootElement, source);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode s => s.Value,
        _ => null,
    };

    private static TwinLabException NotFound(string id) => new("PolicyNotFound", $"No policy has id '{id}'; see 'twinlab policies list'.");
}
