namespace TwinLab.Network.AttackGraph;

/// <summary>The predicates the derivation concludes.</summary>
public enum DerivedFactKind
{
    /// <summary><c>execCode(host, user)</c>: the attacker runs code on the host as the user.</summary>
    ExecCode,
    /// <summary><c>netAccess(host, protocol, port)</c>: the attacker can open the service.</summary>
    NetAccess,
    /// <summary><c>canLogin(host, user)</c>: the attacker holds what logs in as the user.</summary>
    CanLogin,
    /// <summary><c>credentialCompromised(credential)</c>.</summary>
    CredentialCompromised,
    /// <summary><c>groupFoothold(group)</c>: code execution on some member of a host group (the compact form of
    /// group-level reachability).</summary>
    GroupFoothold,
    /// <summary><c>assetCompromised(host)</c>: code execution as any user on an asset (the goal predicate).</summary>
    AssetCompromised,
}

/// <summary>A derived fact (an OR node of the attack graph).</summary>
/// <param name="Kind">The predicate.</param>
/// <param name="Subject">The host, credential or group.</param>
/// <param name="User">The user for <see cref="DerivedFactKind.ExecCode"/> and <see cref="DerivedFactKind.CanLogin"/>.</param>
/// <param name="Protocol">The protocol for <see cref="DerivedFactKind.NetAccess"/>.</param>
/// <param name="Port">The port for <see cref="DerivedFactKind.NetAccess"/>.</param>
public sealed record DerivedFact(DerivedFactKind Kind, string Subject, string? User = null, string? Protocol = null, int Port = 0)
{
    /// <summary><c>execCode(host, user)</c>.</summary>
    public static DerivedFact ExecCode(string host, string user) => new(DerivedFactKind.ExecCode, host, user);

    /// <summary><c>netAccess(host, protocol, port)</c>.</summary>
    public static DerivedFact NetAccess(string host, string protocol, int port) => new(DerivedFactKind.NetAccess, host, null, protocol, port);

    /// <summary><c>canLogin(host, user)</c>.</summary>
    public static DerivedFact CanLogin(string host, string user) => new(DerivedFactKind.CanLogin, host, user);

    /// <summary><c>credentialCompromised(credential)</c>.</summary>
    public static DerivedFact CredentialCompromised(string credential) => new(DerivedFactKind.CredentialCompromised, credential);

    /// <summary><c>groupFoothold(group)</c>.</summary>
    public static DerivedFact GroupFoothold(string group) => new(DerivedFactKind.GroupFoothold, group);

    /// <summary><c>assetCompromised(host)</c>.</summary>
    public static DerivedFact AssetCompromised(string host) => new(DerivedFactKind.AssetCompromised, host);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DerivedFactKind.ExecCode => $"execCode({Subject}, {User})",
        DerivedFactKind.NetAccess => $"netAccess({Subject}, {Protocol}, {Port})",
        DerivedFactKind.CanLogin => $"canLogin({Subject}, {User})",
        DerivedFactKind.CredentialCompromised => $"credentialCompromised({Subject})",
        DerivedFactKind.GroupFoothold => $"groupFoothold({Subject})",
        _ => $"assetCompromised({Subject})",
    };
}
