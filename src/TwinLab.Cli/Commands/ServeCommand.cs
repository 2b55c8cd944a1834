using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TwinLab.Server;
using TwinLab.Server.Security;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab serve [--urls URL] [--dev] [--cert FILE] [--jwt-key KEY] [--jwt-authority URL] [--follow-interval MS]
/// [--store sqlite|postgres [--postgres CONN|env] [--postgres-schema NAME]]</c>: the Azure Digital Twins-compatible API over the database.</summary>
internal static class ServeCommand
{
    /// <summary>Called once the server listens, before waiting for shutdown (tests use it to talk to the server and stop it).</summary>
    internal static readonly AsyncLocal<Action<WebApplication>?> Started = new();

    public static Command Create(GlobalOptions g)
    {
        var dev = new Option<bool>("--dev") { Description = "Serve anonymously (no authentication); allowed on loopback addresses only" };
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (plain http:// on loopback only)",
            DefaultValueFactory = _ => ServerSettings.DefaultUrl,
        };
        var cert = new Option<string?>("--cert") { Description = "Server certificate: a PKCS#12 file (.pfx), or a PEM certificate (with --cert-key). Default: a development certificate beside the database" };
        var certKey = new Option<string?>("--cert-key") { Description = "The PEM private key of a PEM --cert (if not in the same file)" };
        var certPassword = new Option<string?>("--cert-password")
        {
            Description = $"Password of the .pfx file or of an encrypted PEM key, or @FILE holding it (default: ${CertPasswordVariable}; prefer either to the command line, which 'ps' shows)",
        };
        var jwtKey = ApiKeysCommand.JwtKeyOption();
        var jwtAuthority = new Option<string?>("--jwt-authority")
        {
            Description = "OpenID Connect issuer URL whose JWTs are accepted (keys from URL/.well-known/openid-configuration; https:// unless loopback)",
        };
        var jwtIssuer = new Option<string>("--jwt-issuer") { Description = "The issuer ('iss') JWTs signed with --jwt-key must carry", DefaultValueFactory = _ => ServerSettings.DefaultJwtIssuer };
        var jwtAudience = new Option<string>("--jwt-audience") { Description = "The audience ('aud') JWTs must carry", DefaultValueFactory = _ => ServerSettings.DefaultJwtAudience };
        var cluster = new Option<string?>("--cluster") { Description = "Join (or start) an Orleans cluster described by this cluster.yaml: experiments then run across its silos (see docs/scale-out.md)" };
        var follow = new Option<int>("--follow-interval")
        {
            Description = "Milliseconds between reads of what other processes (a 'twinlab' command on the same database) wrote, for the live stream, routes and drift; 0 turns it off",
            DefaultValueFactory = _ => (int)ServerSettings.DefaultFollowInterval.TotalMilliseconds,
        };
        var store = new Option<StoreKind>("--store")
        {
            Description = "Where the twins live: 'sqlite' (the --db file, one server per file) or 'postgres' (a PostgreSQL schema several servers may share; --db then keeps only this node's audit log)",
            DefaultValueFactory = _ => StoreKind.Sqlite,
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"With --store postgres: the Npgsql connection string, or 'env' (the default) to read ${ServerSettings.PostgresVariable} (prefer it: 'ps' shows the command line)",
        };
        var postgresSchema = new Option<string>("--postgres-schema")
        {
            Description = "With --store postgres: the schema holding TwinLab's tables (created if missing)",
            DefaultValueFactory = _ => TwinLab.Storage.Postgres.PostgresTwinStore.DefaultSchema,
        };
        var leaseInterval = new Option<int>("--lease-interval")
        {
            Description = "With --store postgres: milliseconds between a server's tries to take the work lease (route delivery, drift) another server holds, and the holder's checks of it",
            DefaultValueFactory = _ => (int)ServerSettings.DefaultLeaseInterval.TotalMilliseconds,
        };
        var cmd = new Command("serve", "Serve the Azure Digital Twins data-plane API over HTTPS; requests need an API key or a JWT unless --dev")
        {
            dev, urls, cert, certKey, certPassword, jwtKey, jwtAuthority, jwtIssuer, jwtAudience, cluster, follow, store, postgres, postgresSchema, leaseInterval,
        };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("--as-of cannot be used with 'serve', which serves the current state.");
            var settings = new ServerSettings(ctx.DbPath, ctx.Get(dev), ServerSettings.SplitUrls(ctx.Get(urls)))
            {
                CertificatePath = ctx.Get(cert),
                CertificateKeyPath = ctx.Get(certKey),
                CertificatePassword = CertificatePassword(ctx.Get(certPassword)),
                JwtKey = ApiKeysCommand.JwtKeySpec(ctx.Get(jwtKey)),
                JwtAuthority = ctx.Get(jwtAuthority),
                JwtIssuer = ctx.Get(jwtIssuer),
                JwtAudience = ctx.Get(jwtAudience),
                EncryptionKeyFile = ctx.KeyFile,
                Cluster = ctx.Get(cluster) is { } clusterFile ? TwinLab.Cluster.Hosting.ClusterConfig.Load(clusterFile) : null,
                FollowInterval = TimeSpan.FromMilliseconds(ctx.Get(follow)),
                Store = ctx.Get(store),
                PostgresConnection = ctx.Get(store) == StoreKind.Postgres ? ServerSettings.ResolvePostgres(ctx.Get(postgres)) : ctx.Get(postgres),
                PostgresSchema = ctx.Get(postgresSchema),
                LeaseInterval = TimeSpan.FromMilliseconds(ctx.Get(leaseInterval)),
            };
            return Run(ctx, settings);
        }));
        return cmd;
    }

    /// <summary>Starts the server over <paramref name="settings"/>, prints how to reach it and blocks until Ctrl+C;
    /// <paramref name="then"/> (optional) runs once it listens, with the addresses bound.</summary>
    internal static int Run(CliContext ctx, ServerSettings settings, Action<IReadOnlyCollection<string>>? then = null)
    {
        if (settings.RefusalReason() is { } reason) throw new CliUsageException(reason + ".");
        WebApplication app;
        try
        {
            app = TwinLabServer.Build(settings, Simulators.Catalog());
        }
        catch (InvalidOperationException e)
        {
            throw new CliUsageException(e.Message);
        }
        using (app)
        {
            var certificate = app.Services.GetRequiredService<ServerCertificate>();
            if (settings.UsesHttps && certificate.IsDevelopment)
                ctx.Err.WriteLine($"HTTPS development certificate: {certificate.DevPemPath} (trust it with NODE_EXTRA_CA_CERTS={certificate.DevPemPath} or curl --cacert {certificate.DevPemPath})"
                    + (certificate.Created ? "; made now." : "."));
            else if (settings.UsesHttps)
                ctx.Err.WriteLine($"HTTPS certificate: {certificate.Certificate.Subject}, valid until {certificate.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}.");
            if (settings.DevCertificateOffLoopback)
                ctx.Err.WriteLine("warning: HTTPS off loopback uses the development certificate, made for localhost only: other machines will not trust it. Give a real one with --cert.");
            try
            {
                app.Start();
            }
            catch (IOException e)
            {
                throw new CliUsageException($"cannot listen on {string.Join(", ", settings.Urls)}: {e.Message}");
            }
            if (TwinLabServer.ListeningRefusal(app) is { } refused)
            {
                app.StopAsync().GetAwaiter().GetResult();
                throw new CliUsageException(refused + "; stopped.");
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            if (settings.Store == StoreKind.Postgres)
                ctx.Err.WriteLine($"Twin store: {settings.StoreDisplay}; this node's audit log: {Path.GetFullPath(settings.DbPath)}.");
            ctx.Err.WriteLine($"Serving {settings.StoreDisplay} on {string.Join(", ", addresses is { Count: > 0 } ? addresses : settings.Urls)}; Ctrl+C stops.");
            ctx.Err.WriteLine(Describe(settings, app.Services.GetRequiredService<ApiKeyStore>()));
            ctx.Err.WriteLine($"Dashboard: {Dashboard(addresses is { Count: > 0 } ? addresses : settings.Urls)}");
            then?.Invoke(addresses is { Count: > 0 } ? [.. addresses] : settings.Urls);
            Started.Value?.Invoke(app);
            app.WaitForShutdown();
        }
        return 0;
    }

    /// <summary>The dashboard's address on the first address served (a wildcard host shown as <c>localhost</c>).</summary>
    internal static string Dashboard(IEnumerable<string> addresses)
    {
        var first = addresses.First().TrimEnd('/');
        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://+", "://*" })
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return first + "/dashboard/";
    }

    /// <summary>The environment variable the certificate password is read from when <c>--cert-password</c> is not given.</summary>
    public const string CertPasswordVariable = "TWINLAB_CERT_PASSWORD";

    /// <summary>The certificate password as given (<c>@FILE</c>: the file's first line), else from <see cref="CertPasswordVariable"/>
    /// (also <c>@FILE</c>-able), else <c>null</c>.</summary>
    /// <exception cref="CliUsageException">The password file cannot be read.</exception>
    internal static string? CertificatePassword(string? given)
    {
        var spec = given ?? (Environment.GetEnvironmentVariable(CertPasswordVariable) is { Length: > 0 } v ? v : null);
        if (spec is null || !spec.StartsWith('@')) return spec;
        var path = spec[1..];
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliUsageException($"--cert-password: cannot read the password file '{path}': {e.Message}");
        }
    }

    /// <summary>How the server is secured, in a sentence for the operator.</summary>
    internal static string Describe(ServerSettings settings, ApiKeyStore keys)
    {
        if (settings.Dev)
            return "Anonymous access (--dev): no authentication; a valid token still names who writes.";
        var active = keys.List().Count(k => k.IsActive(DateTimeOffset.UtcNow));
        var jwt = (settings.JwtKey, settings.JwtAuthority) switch
        {
            (null, null) => "; JWTs are not accepted (no --jwt-key or --jwt-authority)",
            (not null, null) => $", or an HS256 JWT with issuer '{settings.JwtIssuer}' and audience '{settings.JwtAudience}'",
            (null, { } authority) => $", or a JWT from the OpenID Connect issuer {authority} with audience '{settings.JwtAudience}'",
            (not null, { } authority) => $", or a JWT: HS256 with issuer '{settings.JwtIssuer}', or from the OpenID Connect issuer {authority}; audience '{settings.JwtAudience}'",
        };
        return $"Authentication required ('Authorization: Bearer TOKEN'): an API key ({active} active; 'twinlab apikeys create NAME' makes one){jwt}. "
            + "Anonymous: the API description (/openapi/v1.json, /docs) only.";
    }
}
