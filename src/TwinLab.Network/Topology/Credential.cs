namespace TwinLab.Network.Topology;

/// <summary>How much an account may do on a host.</summary>
public enum PrivilegeLevel
{
    /// <summary>An ordinary user.</summary>
    User,
    /// <summary>Administrator or root.</summary>
    Admin,
}

/// <summary>A credential: an account valid on some hosts whose secret is stored on others (where a thief can pick it up).</summary>
/// <remarks>Example: <c>admin</c> of <c>dc01</c>, a password cached on <c>it-laptop</c>.</remarks>
public sealed record Credential
{
    /// <summary>A name for the credential, unique in the topology.</summary>
    public required string Name { get; init; }

    /// <summary>The account name.</summary>
    public required string User { get; init; }

    /// <summary>The kind of secret: <c>password</c>, <c>hash</c>, <c>ssh-key</c>, <c>ticket</c>, <c>token</c>.</summary>
    public string Kind { get; init; } = "password";

    /// <summary>What the account may do where it is valid.</summary>
    public PrivilegeLevel Privilege { get; init; } = PrivilegeLevel.User;

    /// <summary>Hosts where the account logs in.</summary>
    public required IReadOnlyList<string> ValidOn { get; init; }

    /// <summary>Hosts where the secret is stored or cached.</summary>
    public required IReadOnlyList<string> StoredOn { get; init; }

    /// <summary>1-based line in the topology file; 0 when built in code.</summary>
    public int Line { get; init; }
}

/// <summary>A trust relation: whoever controls <see cref="From"/> logs in to <see cref="To"/> as <see cref="User"/> without a secret
/// (an authorised ssh key, host-based trust, delegation).</summary>
public sealed record TrustRelation
{
    /// <summary>The trusted host.</summary>
    public required string From { get; init; }

    /// <summary>The trusting host.</summary>
    public required string To { get; init; }

    /// <summary>The account used on <see cref="To"/>.</summary>
    public string User { get; init; } = "root";

    /// <summary>What it allows on <see cref="To"/>.</summary>
    public PrivilegeLevel Privilege { get; init; } = PrivilegeLevel.User;

    /// <summary>The mechanism: <c>ssh-key</c>, <c>rdp</c>, <c>kerberos-delegation</c>, <c>rhosts</c>.</summary>
    public string Via { get; init; } = "ssh-key";

    /// <summary>The service on <see cref="To"/> the login uses, such as <c>ssh/tcp/22</c>; null when the trust needs no network access.</summary>
    public HostService? Service { get; init; }

    /// <summary>1-based line in the topology file; 0 when built in code.</summary>
    public int Line { get; init; }
}

/// <summary>Where the attacker starts: a zone (<c>internet</c>) or a host it already controls (a phished laptop).</summary>
/// <param name="Location">The zone or host name.</param>
/// <param name="IsHost">True when <paramref name="Location"/> is a host.</param>
/// <param name="Privilege">The privilege held on a host start.</param>
public sealed record AttackerStart(string Location, bool IsHost, PrivilegeLevel Privilege = PrivilegeLevel.User)
{
    /// <summary>1-based line in the topology file; 0 when built in code.</summary>
    public int Line { get; init; }
}
