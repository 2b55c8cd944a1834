using System.Net;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary>How the server is started: the database it serves, where it listens, its certificate and how it authenticates.</summary>
/// <param name="DbPath">Path of the SQLite database file: the twin store itself, or with <see cref="Store"/> =
/// <see cref="StoreKind.Postgres"/> the node's own files only (its audit log; the development certificate and import
/// folders sit beside it).</param>
/// <param name="Dev">Serve anonymously; allowed on loopback addresses only.</param>
/// <param name="Urls">The addresses Kestrel listens on.</param>
/// <remarks>
/// Without <paramref name="Dev"/> every endpoint but the API description needs a bearer token: API keys (kept hashed in
/// the database, see <see cref="ApiKeyStore"/>) always work, JWTs only when <see cref="JwtKey"/> or <see cref="JwtAuthority"/> is set.
/// </remarks>
public sealed record ServerSettings(string DbPath, bool Dev, IReadOnlyList<string> Urls)
{
    /// <summary>The default listening address: HTTPS on loopback (ADT clients refuse bearer tokens over plain HTTP).</summary>
    public const string DefaultUrl = "https://127.0.0.1:5443";

    /// <summary>The issuer tokens must carry when none is configured.</summary>
    public const string DefaultJwtIssuer = "twinlab";

    /// <summary>
    /// The audience tokens must carry when none is configured: the Azure Digital Twins resource, which is what a token
    /// requested for the scope <c>https://digitaltwins.azure.net/.default</c> (as the ADT SDKs do) names in <c>aud</c>.
    /// </summary>
    public const string DefaultJwtAudience = "https://digitaltwins.azure.net";

    /// <summary>The server certificate: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>), or a PEM certificate with
    /// <see cref="CertificateKeyPath"/>. Without one, HTTPS uses the development certificate beside the database.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/> (omit it when the key is in the same file).</summary>
    public string? CertificateKeyPath { get; init; }

    /// <summary>The HS256 key JWTs are signed with: base64 of at least 32 bytes, or <c>@PATH</c> of a file holding that
    /// base64 text. Without it only API keys authenticate.</summary>
    public string? JwtKey { get; init; }

    /// <summary>The OpenID Connect issuer whose JWTs are accepted (e.g. <c>https://login.microsoftonline.com/TENANT/v2.0</c>):
    /// its signing keys are read from <c>AUTHORITY/.well-known/openid-configuration</c> and the JWKS it names, and tokens must
    /// carry the <c>issuer</c> that document gives. HTTPS unless on loopback. Without it only <see cref="JwtKey"/> JWTs (and
    /// API keys) authenticate.</summary>
    public string? JwtAuthority { get; init; }

    /// <summary>The <c>iss</c> a JWT signed with <see cref="JwtKey"/> must carry.</summary>
    public string JwtIssuer { get; init; } = DefaultJwtIssuer;

    /// <summary>The <c>aud</c> a JWT must carry (accepted with or without a trailing slash).</summary>
    public string JwtAudience { get; init; } = DefaultJwtAudience;

    /// <summary>The master key file of a database encrypted at rest (<c>TwinLab:Encryption:KeyFile</c>); without it the
    /// <c>TWINLAB_MASTER_KEY</c> environment variable is used, if set.</summary>
    public string? EncryptionKeyFile { get; init; }

    /// <summary>The cluster this server joins as an Orleans silo (<c>twinlab serve --cluster</c>), or <c>null</c> to run alone.</summary>
    public TwinLab.Cluster.Hosting.ClusterConfig? Cluster { get; init; }

    /// <summary>Where the twin store lives: the SQLite file <see cref="DbPath"/> (default), or the PostgreSQL schema
    /// <see cref="PostgresSchema"/> of the database <see cref="PostgresConnection"/> names, which several servers may share.
    /// <c>twinlab serve --store</c>, <c>TwinLab:Store</c>.</summary>
    public StoreKind Store { get; init; } = StoreKind.Sqlite;

    /// <summary>The Npgsql connection string of a <see cref="StoreKind.Postgres"/> store (<c>--postgres</c>,
    /// <c>TwinLab:Postgres:Connection</c>; <c>env</c> or nothing reads <see cref="PostgresVariable"/>). Never printed:
    /// it may hold a password.</summary>
    public string? PostgresConnection { get; init; }

    /// <summary>The schema of a <see cref="StoreKind.Postgres"/> store (<c>--postgres-schema</c>, <c>TwinLab:Postgres:Schema</c>).</summary>
    public string PostgresSchema { get; init; } = Storage.Postgres.PostgresTwinStore.DefaultSchema;

    /// <summary>The environment variable a PostgreSQL connection string given as <c>env</c> (or not at all) is read from.</summary>
    public const string PostgresVariable = "TWINLAB_POSTGRES";

    /// <summary>The default of <see cref="LeaseInterval"/>.</summary>
    public static readonly TimeSpan DefaultLeaseInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often a server without the work lease (see <see cref="Hosting.IWorkLease"/>) tries to take it, and the
    /// holder checks its lease connection still stands (<c>TwinLab:Lease:Interval</c>). Only a PostgreSQL store has a lease
    /// to contend for. <c>twinlab serve --lease-interval</c>.</summary>
    public TimeSpan LeaseInterval { get; init; } = DefaultLeaseInterval;

    /// <summary>The connection string <paramref name="given"/> names: <c>env</c> or nothing reads
    /// <see cref="PostgresVariable"/> (<c>null</c> when it is unset too).</summary>
    public static string? ResolvePostgres(string? given) =>
        string.IsNullOrWhiteSpace(given) || given.Trim().Equals("env", StringComparison.OrdinalIgnoreCase)
            ? Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } v ? v : null
            : given;

    /// <summary>Where the twin store is, for messages: the file, or host, port, database and schema (never the password).</summary>
    public string StoreDisplay => Store == StoreKind.Sqlite ? Path.GetFullPath(DbPath) : PostgresDisplay();

    private string PostgresDisplay()
    {
        try
        {
            var csb = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnection);
            return $"PostgreSQL {csb.Host}:{csb.Port}/{csb.Database ?? csb.Username}, schema '{PostgresSchema}'";
        }
        catch (ArgumentException)
        {
            return $"PostgreSQL, schema '{PostgresSchema}'";
        }
    }

    /// <summary>The default of <see cref="FollowInterval"/>.</summary>
    public static readonly TimeSpan DefaultFollowInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often the server reads the head of its store's event log to fold in what other processes wrote (a
    /// <c>twinlab</c> command on the same database): their writes then reach the live stream, routes and drift monitor
    /// within this time even when the server itself writes nothing (every server write catches up first anyway).
    /// <see cref="TimeSpan.Zero"/> turns the timer off. <c>twinlab serve --follow-interval</c>, <c>TwinLab:FollowInterval</c>.
    /// </summary>
    public TimeSpan FollowInterval { get; init; } = DefaultFollowInterval;

    /// <summary>Reads <c>TwinLab:Db</c>, <c>TwinLab:Dev</c>, <c>urls</c>, <c>TwinLab:Certificate:Path|Password|KeyPath</c>
    /// <c>TwinLab:Jwt:Key|Authority|Issuer|Audience</c>, <c>TwinLab:Encryption:KeyFile</c> and <c>TwinLab:FollowInterval</c> (a
    /// time span, <c>00:00:00.5</c>), <c>TwinLab:Store</c> (<c>Sqlite</c> or <c>Postgres</c>), <c>TwinLab:Postgres:Connection|Schema</c>
    /// and <c>TwinLab:Lease:Interval</c> from configuration.</summary>
    public static ServerSettings From(IConfiguration configuration) => new(
        configuration["TwinLab:Db"] ?? "twinlab.db",
        configuration.GetValue<bool>("TwinLab:Dev"),
        SplitUrls(configuration["urls"] ?? DefaultUrl))
    {
        CertificatePath = Blank(configuration["TwinLab:Certificate:Path"]),
        CertificatePassword = Blank(configuration["TwinLab:Certificate:Password"]),
        CertificateKeyPath = Blank(configuration["TwinLab:Certificate:KeyPath"]),
        JwtKey = Blank(configuration["TwinLab:Jwt:Key"]),
        JwtAuthority = Blank(configuration["TwinLab:Jwt:Authority"]),
        JwtIssuer = Blank(configuration["TwinLab:Jwt:Issuer"]) ?? DefaultJwtIssuer,
        JwtAudience = Blank(configuration["TwinLab:Jwt:Audience"]) ?? DefaultJwtAudience,
        EncryptionKeyFile = Blank(configuration["TwinLab:Encryption:KeyFile"]),
        FollowInterval = configuration.GetValue("TwinLab:FollowInterval", DefaultFollowInterval),
        Store = configuration.GetValue("TwinLab:Store", StoreKind.Sqlite),
        PostgresConnection = configuration.GetValue("TwinLab:Store", StoreKind.Sqlite) == StoreKind.Postgres
            ? ResolvePostgres(configuration["TwinLab:Postgres:Connection"]) : Blank(configuration["TwinLab:Postgres:Connection"]),
        PostgresSchema = Blank(configuration["TwinLab:Postgres:Schema"]) ?? Storage.Postgres.PostgresTwinStore.DefaultSchema,
        LeaseInterval = configuration.GetValue("TwinLab:Lease:Interval", DefaultLeaseInterval),
    };

    /// <summary>Splits a <c>;</c>-separated list of addresses.</summary>
    public static IReadOnlyList<string> SplitUrls(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether any address is served over HTTPS.</summary>
    public bool UsesHttps => Urls.Any(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether HTTPS is served on an address that is not loopback with the development certificate, which is made
    /// for <c>localhost</c> only: clients elsewhere will not trust it (allowed, but <c>twinlab serve</c> warns).</summary>
    public bool DevCertificateOffLoopback => CertificatePath is null && Urls.Any(url =>
        url.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && !IsLoopback(uri));

    /// <summary>Why the server must not start with these settings, or <c>null</c> when it may.</summary>
    /// <remarks>Refused: <see cref="Dev"/> off loopback (it is anonymous); plain <c>http://</c> off loopback (bearer tokens
    /// would travel in clear text); an unreadable address, JWT key or certificate file.</remarks>
    public string? RefusalReason()
    {
        if (Urls.Count == 0) return "no address to listen on (--urls)";
        if (FollowInterval < TimeSpan.Zero) return $"the follow interval (--follow-interval, TwinLab:FollowInterval) is negative: {FollowInterval}";
        foreach (var url in Urls)
            if (AddressRefusal(url, "") is { } refused) return refused;
        if (StoreRefusal() is { } store) return store;
        if (JwtKey is not null)
        {
            try
            {
                JwtTokens.ReadKey(JwtKey);
            }
            catch (ArgumentException e)
            {
                return $"JWT key (--jwt-key, TwinLab:Jwt:Key): {e.Message}";
            }
        }
        if (JwtAuthority is not null && OidcAuthority.Refusal(JwtAuthority) is { } authority)
            return $"JWT authority (--jwt-authority, TwinLab:Jwt:Authority): {authority}";
        if (string.IsNullOrWhiteSpace(JwtIssuer)) return "the JWT issuer (--jwt-issuer, TwinLab:Jwt:Issuer) must not be empty";
        if (string.IsNullOrWhiteSpace(JwtAudience)) return "the JWT audience (--jwt-audience, TwinLab:Jwt:Audience) must not be empty";
        if (CertificatePath is not null && !File.Exists(CertificatePath))
            return $"certificate file (--cert, TwinLab:Certificate:Path) '{CertificatePath}' not found";
        if (CertificateKeyPath is not null && CertificatePath is null)
            return "a certificate key (TwinLab:Certificate:KeyPath) was given without its certificate (--cert, TwinLab:Certificate:Path)";
        if (CertificateKeyPath is not null && !File.Exists(CertificateKeyPath))
            return $"certificate key file (--cert-key, TwinLab:Certificate:KeyPath) '{CertificateKeyPath}' not found";
        return null;
    }

    /// <summary>Why the store settings are refused: PostgreSQL settings without <c>--store postgres</c>, no or an unreadable
    /// connection string, a bad schema name, SQLite-only encryption at rest with PostgreSQL. Messages name the option and
    /// never quote the connection string (it may hold a password).</summary>
    private string? StoreRefusal()
    {
        if (LeaseInterval <= TimeSpan.Zero) return $"the lease interval (--lease-interval, TwinLab:Lease:Interval) must be positive, not {LeaseInterval}";
        if (Store == StoreKind.Sqlite)
            return PostgresConnection is not null || PostgresSchema != Storage.Postgres.PostgresTwinStore.DefaultSchema
                ? "--postgres and --postgres-schema (TwinLab:Postgres:*) apply only with --store postgres (TwinLab:Store)"
                : null;
        if (PostgresConnection is null)
            return $"--store postgres needs a connection string: --postgres 'Host=…;Username=…;Database=…' or the environment variable {PostgresVariable} (TwinLab:Postgres:Connection)";
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnection);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message may quote a value (the password among them): name the option, not the text.
            return $"the PostgreSQL connection string (--postgres, {PostgresVariable}, TwinLab:Postgres:Connection) is not a valid Npgsql connection string ({e.GetType().Name})";
        }
        if (!Storage.Postgres.PostgresTwinStore.IsIdentifier(PostgresSchema))
            return $"the PostgreSQL schema (--postgres-schema, TwinLab:Postgres:Schema) '{PostgresSchema}' is not valid: use letters, digits and underscores, not starting with a digit, at most 63";
        if (EncryptionKeyFile is not null)
            return "encryption at rest (--key-file, TwinLab:Encryption:KeyFile) applies to SQLite databases only; with --store postgres encrypt the PostgreSQL server's storage instead";
        return null;
    }

    /// <summary>Why the server must not go on listening on <paramref name="boundAddresses"/> (what Kestrel reports it actually
    /// listens on, which configuration outside <see cref="Urls"/> could have changed), or <c>null</c> when it may.</summary>
    public string? BoundAddressRefusal(IEnumerable<string> boundAddresses)
    {
        foreach (var url in boundAddresses)
            if (AddressRefusal(url, "the server ended up listening on an address other configuration chose: ") is { } refused) return refused;
        return null;
    }

    private string? AddressRefusal(string url, string prefix)
    {
        if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
            return $"{prefix}'{url}' is not an http:// or https:// address";
        var loopback = IsLoopback(uri);
        if (Dev && !loopback)
            return $"{prefix}--dev serves anonymously and is allowed on loopback addresses only, not on '{url}'";
        if (uri.Scheme == "http" && !loopback)
            return $"{prefix}plain http:// is allowed on loopback addresses only, not on '{url}': bearer tokens need TLS there; use https://";
        return null;
    }

    /// <summary>The settings without secrets (the certificate password and the JWT key are never printed).</summary>
    public override string ToString() =>
        $"ServerSettings {{ DbPath = {DbPath}, Dev = {Dev}, Urls = [{string.Join(", ", Urls)}], CertificatePath = {CertificatePath}, " +
        $"CertificateKeyPath = {CertificateKeyPath}, CertificatePassword = {(CertificatePassword is null ? "" : "***")}, " +
        $"JwtKey = {(JwtKey is null ? "" : "***")}, JwtAuthority = {JwtAuthority}, JwtIssuer = {JwtIssuer}, JwtAudience = {JwtAudience}, " +
        $"Store = {Store}, PostgresConnection = {(PostgresConnection is null ? "" : "***")}, PostgresSchema = {PostgresSchema} }}";

    /// <summary>Whether <paramref name="uri"/>'s host is <c>localhost</c> or a loopback address.</summary>
    internal static bool IsLoopback(Uri uri)
    {
        var host = uri.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IsLoopback(ip);
    }

    /// <summary>Whether <paramref name="ip"/> is a loopback address (also as an IPv4-mapped IPv6 address).</summary>
    internal static bool IsLoopback(IPAddress ip) => IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Where a server's twin store lives.</summary>
public enum StoreKind
{
    /// <summary>The SQLite file given by <c>--db</c>: one server per file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL schema, which several servers may share (see docs/scale-out.md).</summary>
    Postgres,
}
