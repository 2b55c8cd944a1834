namespace TwinLab.Core.Audit;

/// <summary>
/// One thing that happened, as handed to the audit log: who (<paramref name="Actor"/>, authenticated how), from where, did
/// what (<paramref name="Action"/>) to what (<paramref name="Resource"/>), and how it ended (<paramref name="Outcome"/>).
/// The log gives it a sequence number and chains it (<see cref="AuditRecord"/>).
/// </summary>
/// <param name="Time">When it happened (stored in UTC, to 100 ns).</param>
/// <param name="Actor">Who: <c>api:key:NAME</c>, <c>api:SUBJECT</c> (a JWT), <c>api</c> (anonymous, <c>--dev</c>), <c>cli:USER@HOST</c>.</param>
/// <param name="AuthKind">How the actor was authenticated: one of <see cref="AuditAuthKinds"/>.</param>
/// <param name="Address">Where from: the remote <c>IP:port</c>, or <c>local</c> for the CLI.</param>
/// <param name="Action">What kind of access: one of <see cref="AuditActions"/>.</param>
/// <param name="Resource">What it touched: <c>twin:ID</c>, <c>model:DTMI</c>, <c>branch:NAME</c>, <c>experiment:ID</c>, or a path.</param>
/// <param name="Outcome">How it ended: an HTTP status (<c>200</c>, <c>403</c>) or a CLI exit (<c>exit 0</c>).</param>
/// <param name="Correlation">The request's correlation id (its W3C trace id), or empty.</param>
/// <param name="Detail">The request as made: <c>PATCH /digitaltwins/room-1?branch=b</c> or <c>twinlab twins patch room-1</c>.</param>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Actor,
    string AuthKind,
    string Address,
    string Action,
    string Resource,
    string Outcome,
    string Correlation,
    string Detail);

/// <summary>The kinds of access an audit entry records.</summary>
public static class AuditActions
{
    /// <summary>Read data (a twin, a query, telemetry, history).</summary>
    public const string Read = "read";

    /// <summary>Changed data (twins, relationships, telemetry, models, branches, imports).</summary>
    public const string Write = "write";

    /// <summary>Took data out: results, reports, exports.</summary>
    public const string Export = "export";

    /// <summary>Ran an experiment.</summary>
    public const string Run = "run";

    /// <summary>Changed who may do what: API keys, policies, connections, endpoints, routes.</summary>
    public const string Admin = "admin";

    /// <summary>Was refused: not authenticated (401), forbidden (403), or hidden by a policy.</summary>
    public const string Denied = "denied";

    /// <summary>Every action, for validating filters.</summary>
    public static readonly IReadOnlyList<string> All = [Read, Write, Export, Run, Admin, Denied];
}

/// <summary>How an audit entry's actor was authenticated.</summary>
public static class AuditAuthKinds
{
    /// <summary>An API key (<c>Authorization: Bearer tlk_…</c>).</summary>
    public const string ApiKey = "apikey";

    /// <summary>A JWT.</summary>
    public const string Jwt = "jwt";

    /// <summary>No credentials (a <c>--dev</c> server, or a refused request).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The local user running the <c>twinlab</c> command on the database file.</summary>
    public const string Cli = "cli";
}
