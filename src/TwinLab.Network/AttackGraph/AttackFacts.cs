namespace TwinLab.Network.AttackGraph;

/// <summary>The primitive facts an attack graph is derived from (MulVAL's input), one list per predicate.</summary>
/// <remarks>Errors found by <see cref="LogicalAttackGraph.Build"/> name the list and index, for example
/// <c>vulnProperties[3].exploitProbability</c>.</remarks>
public sealed record AttackFacts
{
    /// <summary>Where the attacker starts (one or more places).</summary>
    public IReadOnlyList<AttackerLocated> AttackerLocations { get; init; } = [];

    /// <summary>Reachability between places.</summary>
    public IReadOnlyList<Hacl> Hacls { get; init; } = [];

    /// <summary>Host group (zone) memberships.</summary>
    public IReadOnlyList<HostGroup> HostGroups { get; init; } = [];

    /// <summary>Listening services.</summary>
    public IReadOnlyList<NetworkService> Services { get; init; } = [];

    /// <summary>Vulnerable programs on hosts.</summary>
    public IReadOnlyList<VulnExists> Vulnerabilities { get; init; } = [];

    /// <summary>Properties of each vulnerability id (one per id).</summary>
    public IReadOnlyList<VulnProperty> VulnProperties { get; init; } = [];

    /// <summary>Accounts of people on hosts.</summary>
    public IReadOnlyList<HasAccount> Accounts { get; init; } = [];

    /// <summary>Credentials stored on hosts.</summary>
    public IReadOnlyList<CredentialStoredOn> StoredCredentials { get; init; } = [];

    /// <summary>Where credentials are valid.</summary>
    public IReadOnlyList<CredentialValidFor> CredentialValidity { get; init; } = [];

    /// <summary>Trust relations between hosts.</summary>
    public IReadOnlyList<Trust> Trusts { get; init; } = [];

    /// <summary>Client programs in use.</summary>
    public IReadOnlyList<ClientProgram> ClientPrograms { get; init; } = [];

    /// <summary>Assets (hosts worth protecting); crown jewels are the goals.</summary>
    public IReadOnlyList<Asset> Assets { get; init; } = [];
}
