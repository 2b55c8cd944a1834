using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Storage.Encryption;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab encryption new-key|enable|status|rotate</c>: encryption at rest of sensitive twins.</summary>
internal static class EncryptionCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("encryption", "Encrypt sensitive twins' properties and telemetry at rest (AES-256-GCM, a data key per twin wrapped by a master key)");
        cmd.Subcommands.Add(NewKey());
        cmd.Subcommands.Add(Enable(g));
        cmd.Subcommands.Add(Status(g));
        cmd.Subcommands.Add(Rotate(g));
        return cmd;
    }

    private static Command NewKey()
    {
        var file = new Argument<string>("file") { Description = "Where to write the new master key (base64); must not exist" };
        var cmd = new Command("new-key", "Write a new random 256-bit master key to a file readable only by its owner") { file };
        cmd.SetAction(p =>
        {
            var path = p.GetValue(file)!;
            var err = p.InvocationConfiguration.Error;
            if (File.Exists(path))
            {
                err.WriteLine($"error: {path} exists; a key file is never overwritten (its data keys would be lost).");
                return 1;
            }
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options)) writer.WriteLine(MasterKey.Generate().ToBase64());
            p.InvocationConfiguration.Output.WriteLine($"Wrote a new master key to {path} (mode 600). Keep it apart from the database and its backups.");
            return 0;
        });
        return cmd;
    }

    private static Command Enable(GlobalOptions g)
    {
        var models = new Option<string[]>("--model", "-m") { Description = "A model whose twins are sensitive (repeat for more)", Required = true, AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("enable", "Mark models as sensitive: their twins written from now on are stored encrypted (needs --key-file or TWINLAB_MASTER_KEY)") { models };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var key = MasterKey.Resolve(ctx.KeyFile)
                ?? throw new CliUsageException($"Give the master key: --key-file FILE (create one with 'twinlab encryption new-key FILE') or {MasterKey.EnvironmentVariable}.");
            using var store = SqliteTwinStore.Open(ctx.DbPath, key);
            var status = store.EnableEncryption(key, ctx.Get(models));
            Print(ctx, status);
            return 0;
        }));
        return cmd;
    }

    private static Command Status(GlobalOptions g)
    {
        var cmd = new Command("status", "Whether the database is encrypted at rest: key store, master key fingerprint, sensitive models, twins with a key");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            using var store = ctx.OpenStore();
            if (store.Encryption is { } status) Print(ctx, status);
            else if (ctx.Json) ctx.WriteJson(new JsonObject { ["encrypted"] = false });
            else ctx.Out.WriteLine($"{ctx.DbPath} is not encrypted at rest; see 'twinlab encryption enable --help'.");
            return 0;
        }));
        return cmd;
    }

    private static Command Rotate(GlobalOptions g)
    {
        var next = new Option<string>("--new-key-file") { Description = "The new master key file; the current one (--key-file or TWINLAB_MASTER_KEY) is no longer needed afterwards", Required = true };
        var cmd = new Command("rotate", "Re-wrap every twin's data key under a new master key (the data itself is not rewritten)") { next };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var newKey = MasterKey.FromFile(ctx.Get(next));
            using var store = ctx.OpenStore();
            var count = store.RotateMasterKey(newKey);
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["rewrapped"] = count, ["masterKeyId"] = newKey.Id });
            else ctx.Out.WriteLine($"Re-wrapped {count} data key(s) under the master key from {newKey.Source} (fingerprint {newKey.Id}); the old key no longer opens {ctx.DbPath}.");
            return 0;
        }));
        return cmd;
    }

    private static void Print(CliContext ctx, EncryptionStatus status)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["encrypted"] = true, ["keyStore"] = status.KeyStore, ["masterKeyId"] = status.MasterKeyId,
                ["models"] = new JsonArray([.. status.Models.Select(m => (JsonNode)m)]), ["twins"] = status.Twins,
            });
            return;
        }
        ctx.Out.WriteLine($"Encrypted at rest: key store {status.KeyStore}, master key from {status.MasterKeySource} (fingerprint {status.MasterKeyId}).");
        ctx.Out.WriteLine($"Sensitive models: {string.Join(", ", status.Models)}; {status.Twins} twin(s) have a data key.");
    }
}
