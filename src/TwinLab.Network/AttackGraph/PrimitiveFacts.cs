namespace TwinLab.Network.AttackGraph;

// The primitive facts of a logical attack graph, in the vocabulary of MulVAL (Ou, Govindavajhala and Appel,
// "MulVAL: A Logic-based Network Security Analyzer", USENIX Security 2005). A "place" is a host name, a host
// group name (see HostGroup) or any other name such as "internet" that only the attacker can stand on.

/// <summary>The attacker's starting place: <c>attackerLocated(place)</c>.</summary>
/// <remarks>
/// Phishing is modelled in two ways. (1) Assumed breach: the start is a host (a laptop whose user opened the
/// attachment), which gives <c>execCode(host, user)</c> outright, labelled T1566 Phishing. (2) Client exploitation:
/// from an outside start (any place that is not a host), every user (<see cref="HasAccount"/>) of a host whose
/// <see cref="ClientProgram"/> has a <see cref="ExploitRange.RemoteClient"/> vulnerability can be exploited, labelled
/// T1203; the user's chance of opening the content is part of the vulnerability's probability. Outbound filtering of
/// the victim is not modelled (mail and web reach almost every workstation).
/// </remarks>
/// <param name="Place">A host (an assumed foothold, for example a phished laptop), a host group, or an outside
/// place such as <c>internet</c>.</param>
/// <param name="User">On a host: the account the attacker runs as; null takes the first <see cref="HasAccount"/>
/// on that host, else <c>user</c>.</param>
public sealed record AttackerLocated(string Place, string? User = null)
{
    /// <inheritdoc />
    public override string ToString() => $"attackerLocated({Place})";
}

/// <summary>Host access control: <c>hacl(src, dst, protocol, port)</c> — <paramref name="Source"/> can open
/// <paramref name="Destination"/> on the port.</summary>
/// <param name="Source">A host, a host group or an outside place.</param>
/// <param name="Destination">A host or a host group.</param>
/// <param name="Protocol">tcp, udp…; <c>*</c> for any.</param>
/// <param name="Port">The port; 0 for any.</param>
public sealed record Hacl(string Source, string Destination, string Protocol, int Port)
{
    /// <summary>The wildcard port.</summary>
    public const int AnyPort = 0;

    /// <inheritdoc />
    public override string ToString() => $"hacl({Source}, {Destination}, {Protocol}, {(Port == AnyPort ? "*" : Port)})";
}

/// <summary>Membership of a host in a host group (a zone or subnet): reachability stated once for the group
/// (<see cref="Hacl"/> with a group as source or destination) holds for each member, without expanding
/// host × host pairs.</summary>
/// <param name="Group">The group name (must not also be a host name).</param>
/// <param name="Host">The member host.</param>
public sealed record HostGroup(string Group, string Host)
{
    /// <inheritdoc />
    public override string ToString() => $"inGroup({Host}, {Group})";
}

/// <summary>A listening service: <c>networkServiceInfo(host, program, protocol, port, user)</c>.</summary>
/// <param name="Host">The host.</param>
/// <param name="Program">The program (for example <c>openssh</c>, <c>httpd</c>); matched against
/// <see cref="VulnExists.Program"/>.</param>
/// <param name="Protocol">tcp or udp.</param>
/// <param name="Port">The port.</param>
/// <param name="User">The account the service runs as (<c>root</c> for a privileged one).</param>
public sealed record NetworkService(string Host, string Program, string Protocol, int Port, string User)
{
    /// <inheritdoc />
    public override string ToString() => $"networkServiceInfo({Host}, {Program}, {Protocol}, {Port}, {User})";
}

/// <summary>A vulnerable program on a host: <c>vulExists(host, vulnId, program)</c>.</summary>
/// <param name="Host">The host.</param>
/// <param name="VulnId">The vulnerability (a CVE id).</param>
/// <param name="Program">The vulnerable program.</param>
public sealed record VulnExists(string Host, string VulnId, string Program)
{
    /// <inheritdoc />
    public override string ToString() => $"vulExists({Host}, {VulnId}, {Program})";
}

/// <summary>How a vulnerability is reached (MulVAL's remoteExploit / localExploit / remoteClient).</summary>
public enum ExploitRange
{
    /// <summary>Over the network against a listening service.</summary>
    Remote,
    /// <summary>By code already running on the host.</summary>
    Local,
    /// <summary>Against a client program fed hostile content (a mail attachment, a web page).</summary>
    RemoteClient,
}

/// <summary>What a successful exploit gives.</summary>
public enum ExploitConsequence
{
    /// <summary>Privileges of the exploited program (remote) or root (local).</summary>
    PrivEscalation,
    /// <summary>Code execution as the exploited program's account.</summary>
    CodeExec,
    /// <summary>The credentials stored on the host leak.</summary>
    CredentialLeak,
    /// <summary>Denial of service: no privilege for the attacker (ignored by the derivation).</summary>
    DoS,
}

/// <summary>A vulnerability's properties: <c>vulProperty(vulnId, range, consequence)</c> plus the chance and time of
/// a successful exploit.</summary>
/// <param name="VulnId">The vulnerability.</param>
/// <param name="Range">How it is reached.</param>
/// <param name="Consequence">What it gives.</param>
/// <param name="ExploitProbability">Chance that one attempt succeeds, in [0, 1] (derived elsewhere from CVSS
/// exploitability, EPSS and KEV).</param>
/// <param name="ExploitTimeHours">Mean hours one attempt takes; null uses
/// <see cref="AttackGraphOptions.DefaultExploitHours"/>.</param>
public sealed record VulnProperty(string VulnId, ExploitRange Range, ExploitConsequence Consequence,
    double ExploitProbability, double? ExploitTimeHours = null)
{
    /// <inheritdoc />
    public override string ToString() => $"vulProperty({VulnId}, {Range}, {Consequence})";
}

/// <summary>An account: <c>hasAccount(principal, host, user)</c>; the principal is the person who uses it
/// (and who may open hostile content in a client program).</summary>
/// <param name="Principal">The person.</param>
/// <param name="Host">The host.</param>
/// <param name="User">The account name on the host.</param>
public sealed record HasAccount(string Principal, string Host, string User)
{
    /// <inheritdoc />
    public override string ToString() => $"hasAccount({Principal}, {Host}, {User})";
}

/// <summary>A credential (password hash, ticket, key) cached or stored on a host.</summary>
/// <param name="Credential">The credential's name.</param>
/// <param name="Host">Where it is stored.</param>
public sealed record CredentialStoredOn(string Credential, string Host)
{
    /// <inheritdoc />
    public override string ToString() => $"credentialStoredOn({Credential}, {Host})";
}

/// <summary>A credential logs in as <paramref name="User"/> on <paramref name="Host"/>.</summary>
/// <param name="Credential">The credential's name.</param>
/// <param name="Host">The host it is valid for.</param>
/// <param name="User">The account it opens (<c>root</c> or <c>Administrator</c> for an administrator).</param>
public sealed record CredentialValidFor(string Credential, string Host, string User)
{
    /// <inheritdoc />
    public override string ToString() => $"credentialValidFor({Credential}, {Host}, {User})";
}

/// <summary>How a trust relation is implemented.</summary>
public enum TrustKind
{
    /// <summary>An SSH private key on the trusting side opens the trusted host.</summary>
    SshKey,
    /// <summary>Kerberos delegation or tickets cached on the trusting side.</summary>
    Kerberos,
}

/// <summary>Code execution on <paramref name="FromHost"/> gives a login as <paramref name="User"/> on
/// <paramref name="ToHost"/> (SSH keys, Kerberos trust).</summary>
/// <param name="FromHost">Where the key or ticket lies.</param>
/// <param name="ToHost">The host it opens.</param>
/// <param name="User">The account it opens.</param>
/// <param name="Kind">The mechanism (sets the ATT&amp;CK technique).</param>
public sealed record Trust(string FromHost, string ToHost, string User, TrustKind Kind = TrustKind.SshKey)
{
    /// <inheritdoc />
    public override string ToString() => $"trust({FromHost}, {ToHost}, {User})";
}

/// <summary>A client program used on a host (mail client, browser, office suite).</summary>
/// <param name="Host">The host.</param>
/// <param name="Program">The program; matched against <see cref="VulnExists.Program"/>.</param>
public sealed record ClientProgram(string Host, string Program)
{
    /// <inheritdoc />
    public override string ToString() => $"clientProgram({Host}, {Program})";
}

/// <summary>A host worth protecting.</summary>
/// <param name="Host">The host.</param>
/// <param name="Value">Its value (any unit the user chooses, for example loss in euros).</param>
/// <param name="CrownJewel">Whether it is a goal of the analysis.</param>
public sealed record Asset(string Host, double Value, bool CrownJewel)
{
    /// <inheritdoc />
    public override string ToString() => $"asset({Host}, {Value}, {(CrownJewel ? "crownJewel" : "asset")})";
}
