using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using TwinLab.Core.Security;
using TwinLab.Core.Twins;
using TwinLab.Server;
using TwinLab.Server.Security;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab apikeys create|list|revoke|token</c>: the credentials <c>twinlab serve</c> accepts.</summary>
internal static class ApiKeysCommand
{
    /// <summary>Environment variable read when <c>--jwt-key</c> is not given (keeps the key off command lines).</summary>
    public const string JwtKeyVariable = "TWINLAB_JWT_KEY";

    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("apikeys", "Manage the API keys the server accepts (kept hashed in the database), and mint JWTs for testing");
        cmd.Subcommands.Add(CreateKey(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Revoke(g));
        cmd.Subcommands.Add(Token(g));
        return cmd;
    }

    private static Command CreateKey(GlobalOptions g)
    {
        var name = new Argument<string>("name") { Description = "Who or what the key is for; its writes are recorded as actor api:NAME" };
        var expires = new Option<string?>("--expires") { Description = "When it stops working: a duration (30d, 12h, 90m, PT8H) or an ISO 8601 time (default: never)" };
        var grants = new Option<string[]>("--grant")
        {
            Description = "Grant the key PERMS[:RESOURCE] (repeatable), e.g. admin, read:model:dtmi:x:Room;1, read,write:twins:room-* (resource default *), in policy 'apikeys'",
        };
        var cmd = new Command("create", "Create an API key and print it once: only its hash is stored, so it cannot be shown again") { name, expires, grants };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            DateTimeOffset? until = ctx.Get(expires) is { } text ? ParseExpiry(text, "--expires", DateTimeOffset.UtcNow) : null;
            var granted = (ctx.Get(grants) ?? []).Select(ParseGrant).ToList();
            var made = new ApiKeyStore(ctx.Service.Store).Create(ctx.Get(name), until);
            var policies = new PolicyStore(ctx.Service.Store);
            foreach (var (perms, resource) in granted)
                policies.Add(GrantPolicy, PolicySubjects.Key(made.Info.Name), perms, resource, revoke: false);
            if (ctx.Json)
            {
                var json = KeyJson(made.Info);
                json["key"] = made.Key;
                ctx.WriteJson(json);
            }
            else
            {
                ctx.Out.WriteLine(made.Key);
                ctx.Err.WriteLine($"Created API key {made.Info.Id} for '{made.Info.Name}'" +
                    (made.Info.Expires is { } e ? $", expiring {TwinJson.Format(e)}" : "") +
                    ". It is shown only now; send it as 'Authorization: Bearer <key>'.");
            }
            return 0;
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List the API keys: id, name, created, expires, revoked (never their secrets, which are not stored)");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var keys = new ApiKeyStore(ctx.Service.Store).List();
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. keys.Select(k => (JsonNode)KeyJson(k))]));
                return 0;
            }
            var now = DateTimeOffset.UtcNow;
            Table.Write(ctx.Out, ["id", "name", "created", "expires", "status"], keys.Select(k => (IReadOnlyList<string>)[
                k.Id, k.Name, TwinJson.Format(k.Created), k.Expires is { } e ? TwinJson.Format(e) : "never",
                k.Revoked is { } r ? $"revoked {TwinJson.Format(r)}" : k.IsActive(now) ? "active" : "expired"]));
            return 0;
        }));
        return cmd;
    }

    private static Command Revoke(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The key's id (from 'apikeys list'), or the key itself" };
        var cmd = new Command("revoke", "Revoke an API key: a running server refuses it within a second") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var key = new ApiKeyStore(ctx.Service.Store).Revoke(ctx.Get(id));
            if (ctx.Json) ctx.WriteJson(KeyJson(key));
            else ctx.Out.WriteLine($"Revoked API key {key.Id} ('{key.Name}') at {TwinJson.Format(key.Revoked!.Value)}.");
            return 0;
        }));
        return cmd;
    }

    private static Command Token(GlobalOptions g)
    {
        var subject = new Option<string>("--subject") { Description = "The token's subject ('sub'); its writes are recorded as actor api:SUBJECT", Required = true };
        var expires = new Option<string>("--expires") { Description = "How long it is valid (1h, 30m, 7d, PT8H) or an ISO 8601 time", DefaultValueFactory = _ => "1h" };
        var key = JwtKeyOption();
        var issuer = new Option<string>("--jwt-issuer") { Description = "The token's issuer ('iss'), as the server expects", DefaultValueFactory = _ => ServerSettings.DefaultJwtIssuer };
        var audience = new Option<string>("--jwt-audience") { Description = "The token's audience ('aud'), as the server expects", DefaultValueFactory = _ => ServerSettings.DefaultJwtAudience };
        var cmd = new Command("token", "Mint an HS256 JWT with the server's key (for scripts and tests; does not open the database)") { subject, expires, key, issuer, audience };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var spec = JwtKeySpec(ctx.Get(key)) ?? throw new CliUsageException($"Give the signing key with --jwt-key BASE64|@FILE (or set {JwtKeyVariable}).");
            byte[] secret;
            try
            {
                secret = JwtTokens.ReadKey(spec);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"--jwt-key: {e.Message}.");
            }
            var now = DateTimeOffset.UtcNow;
            var until = ParseExpiry(ctx.Get(expires), "--expires", now);
            var token = JwtTokens.Mint(secret, ctx.Get(issuer), ctx.Get(audience), ctx.Get(subject), until, now);
            if (ctx.Json)
                ctx.WriteJson(new JsonObject
                {
                    ["token"] = token, ["subject"] = ctx.Get(subject), ["issuer"] = ctx.Get(issuer), ["audience"] = ctx.Get(audience),
                    ["expires"] = TwinJson.Format(until),
                });
            else ctx.Out.WriteLine(token);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The policy <c>apikeys create --grant</c> adds its entries to.</summary>
    public const string GrantPolicy = "apikeys";

    /// <summary>Reads <c>PERMS[:RESOURCE]</c> (resource default <c>*</c>).</summary>
    private static (Permissions, PolicyResource) ParseGrant(string text)
    {
        var colon = text.IndexOf(':');
        var perms = PermissionNames.Parse(colon < 0 ? text : text[..colon], $"--grant '{text}'");
        return (perms, colon < 0 ? PolicyResource.Everything : PolicyResource.Parse(text[(colon + 1)..], $"--grant '{text}'"));
    }

    /// <summary>The <c>--jwt-key</c> option shared with <c>serve</c>.</summary>
    public static Option<string?> JwtKeyOption() => new("--jwt-key")
    {
        Description = $"HS256 key for JWTs: base64 of at least 32 bytes, or @FILE holding it (default: ${JwtKeyVariable})",
    };

    /// <summary>The key as given, else from <see cref="JwtKeyVariable"/>, else <c>null</c>.</summary>
    public static string? JwtKeySpec(string? given) =>
        given ?? (Environment.GetEnvironmentVariable(JwtKeyVariable) is { Length: > 0 } v ? v : null);

    private static JsonObject KeyJson(ApiKeyInfo k) => new()
    {
        ["id"] = k.Id,
        ["name"] = k.Name,
        ["created"] = TwinJson.Format(k.Created),
        ["expires"] = k.Expires is { } e ? TwinJson.Format(e) : null,
        ["revoked"] = k.Revoked is { } r ? TwinJson.Format(r) : null,
        ["active"] = k.IsActive(DateTimeOffset.UtcNow),
    };

    /// <summary>A time given as a duration from <paramref name="now"/> (<c>30d</c>, <c>12h</c>, <c>PT8H</c>) or as an ISO 8601 time.</summary>
    internal static DateTimeOffset ParseExpiry(string text, string option, DateTimeOffset now)
    {
        text = text.Trim();
        if (text.StartsWith('P'))
        {
            try
            {
                return Future(now + XmlConvert.ToTimeSpan(text), text, option, now);
            }
            catch (FormatException)
            {
                throw new CliUsageException($"{option}: '{text}' is not an ISO 8601 duration.");
            }
        }
        if (text.Length > 1 && char.IsAsciiLetter(text[^1]) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            var span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                'w' => TimeSpan.FromDays(7 * n),
                'y' => TimeSpan.FromDays(365 * n),
                _ => throw new CliUsageException($"{option}: unknown unit '{text[^1]}' in '{text}'; use s, m, h, d, w or y."),
            };
            return Future(now + span, text, option, now);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return Future(t, text, option, now);
        throw new CliUsageException($"{option}: '{text}' is neither a duration (30d, 12h, 90m, PT8H) nor an ISO 8601 time.");
    }

    private static DateTimeOffset Future(DateTimeOffset t, string text, string option, DateTimeOffset now) =>
        t > now ? t : throw new CliUsageException($"{option}: '{text}' is not in the future.");
}
