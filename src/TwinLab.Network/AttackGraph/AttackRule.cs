namespace TwinLab.Network.AttackGraph;

/// <summary>The derivation rules (the labels of AND nodes). Each maps to a MITRE ATT&amp;CK Enterprise technique
/// where one applies (<see cref="AttackRules.Technique"/>).</summary>
public enum AttackRule
{
    /// <summary>attackerLocated(P) ∧ hacl(P, D, proto, port) ⇒ netAccess(D, proto, port).</summary>
    DirectNetworkAccess,
    /// <summary>attackerLocated(H) for a host H ⇒ execCode(H, user): the assumed foothold of a phished laptop
    /// (ATT&amp;CK T1566 Phishing).</summary>
    AssumedFoothold,
    /// <summary>vulExists ∧ vulProperty(remote, privEscalation|codeExec) ∧ networkServiceInfo ∧ netAccess ⇒
    /// execCode(host, service user): T1190 when the service is open to the attacker's outside start, else T1210.</summary>
    RemoteExploit,
    /// <summary>vulExists ∧ vulProperty(remote, credentialLeak) ∧ networkServiceInfo ∧ netAccess ⇒
    /// credentialCompromised for each credential stored there (T1212 Exploitation for Credential Access).</summary>
    RemoteCredentialLeak,
    /// <summary>execCode(H, user) ∧ vulExists ∧ vulProperty(local, privEscalation) ⇒ execCode(H, root)
    /// (T1068 Exploitation for Privilege Escalation).</summary>
    LocalPrivilegeEscalation,
    /// <summary>execCode(H, _) ∧ vulExists ∧ vulProperty(local, credentialLeak) ⇒ credentialCompromised
    /// (T1212).</summary>
    LocalCredentialLeak,
    /// <summary>execCode(H1, _) ∧ hacl(H1, D, proto, port) ⇒ netAccess(D, proto, port) (MulVAL's multi-hop
    /// access; no ATT&amp;CK technique of its own).</summary>
    MultiHopAccess,
    /// <summary>execCode(H, _) ∧ inGroup(H, G) ⇒ groupFoothold(G).</summary>
    GroupFoothold,
    /// <summary>groupFoothold(G) ∧ hacl(G, D, proto, port) ⇒ netAccess(D, proto, port).</summary>
    GroupHopAccess,
    /// <summary>execCode(H, root) ∧ credentialStoredOn(C, H) ⇒ credentialCompromised(C) (T1003 OS Credential
    /// Dumping).</summary>
    CredentialDumping,
    /// <summary>credentialCompromised(C) ∧ credentialValidFor(C, H, U) ⇒ canLogin(H, U) (T1078 Valid
    /// Accounts).</summary>
    ValidAccount,
    /// <summary>execCode(F, _) ∧ trust(F, T, U) ⇒ canLogin(T, U) (T1552.004 Private Keys for SSH keys,
    /// T1550.003 Pass the Ticket for Kerberos).</summary>
    TrustedLogin,
    /// <summary>canLogin(H, U) ∧ networkServiceInfo(H, login service) ∧ netAccess(H, proto, port) ⇒
    /// execCode(H, U) (T1021 Remote Services: .004 SSH, .001 RDP, .002 SMB, .006 WinRM).</summary>
    RemoteLogin,
    /// <summary>attackerLocated(outside) ∧ clientProgram(H, P) ∧ vulExists(H, V, P) ∧ vulProperty(V, remoteClient)
    /// ∧ hasAccount(_, H, U) ⇒ execCode(H, U) (T1203 Exploitation for Client Execution, delivered by T1566
    /// Phishing).</summary>
    ClientExploit,
    /// <summary>execCode(H, _) ∧ asset(H) ⇒ assetCompromised(H).</summary>
    AssetCompromise,
}

/// <summary>What each <see cref="AttackRule"/> means for the attacker.</summary>
public static class AttackRules
{
    /// <summary>The rule's name as written in exports (kebab case).</summary>
    public static string Name(AttackRule rule) => rule switch
    {
        AttackRule.DirectNetworkAccess => "direct-network-access",
        AttackRule.AssumedFoothold => "assumed-foothold",
        AttackRule.RemoteExploit => "remote-exploit",
        AttackRule.RemoteCredentialLeak => "remote-credential-leak",
        AttackRule.LocalPrivilegeEscalation => "local-privilege-escalation",
        AttackRule.LocalCredentialLeak => "local-credential-leak",
        AttackRule.MultiHopAccess => "multi-hop-access",
        AttackRule.GroupFoothold => "group-foothold",
        AttackRule.GroupHopAccess => "group-hop-access",
        AttackRule.CredentialDumping => "credential-dumping",
        AttackRule.ValidAccount => "valid-account",
        AttackRule.TrustedLogin => "trusted-login",
        AttackRule.RemoteLogin => "remote-login",
        AttackRule.ClientExploit => "client-exploit",
        AttackRule.AssetCompromise => "asset-compromise",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    /// <summary>Whether an application of the rule is an attacker action that takes time and may fail (an exploit,
    /// a dump, a login); the others are logical consequences with probability 1 and no time.</summary>
    public static bool IsAction(AttackRule rule) => rule is AttackRule.RemoteExploit or AttackRule.RemoteCredentialLeak
        or AttackRule.LocalPrivilegeEscalation or AttackRule.LocalCredentialLeak or AttackRule.CredentialDumping
        or AttackRule.RemoteLogin or AttackRule.ClientExploit;

    /// <summary>The rule's default ATT&amp;CK technique (ATT&amp;CK Enterprise v15 technique ids), null where none
    /// applies. <see cref="AttackRule.RemoteExploit"/>, <see cref="AttackRule.RemoteLogin"/> and
    /// <see cref="AttackRule.TrustedLogin"/> refine it per application.</summary>
    public static string? Technique(AttackRule rule) => rule switch
    {
        AttackRule.AssumedFoothold => AttackTechniques.Phishing,
        AttackRule.RemoteExploit => AttackTechniques.ExploitationOfRemoteServices,
        AttackRule.RemoteCredentialLeak or AttackRule.LocalCredentialLeak => AttackTechniques.ExploitationForCredentialAccess,
        AttackRule.LocalPrivilegeEscalation => AttackTechniques.ExploitationForPrivilegeEscalation,
        AttackRule.CredentialDumping => AttackTechniques.OsCredentialDumping,
        AttackRule.ValidAccount => AttackTechniques.ValidAccounts,
        AttackRule.TrustedLogin => AttackTechniques.PrivateKeys,
        AttackRule.RemoteLogin => AttackTechniques.RemoteServices,
        AttackRule.ClientExploit => AttackTechniques.ExploitationForClientExecution,
        _ => null,
    };
}

/// <summary>MITRE ATT&amp;CK Enterprise technique ids used by the rules (https://attack.mitre.org/techniques/).</summary>
public static class AttackTechniques
{
    /// <summary>T1190 Exploit Public-Facing Application.</summary>
    public const string ExploitPublicFacingApplication = "T1190";
    /// <summary>T1210 Exploitation of Remote Services.</summary>
    public const string ExploitationOfRemoteServices = "T1210";
    /// <summary>T1068 Exploitation for Privilege Escalation.</summary>
    public const string ExploitationForPrivilegeEscalation = "T1068";
    /// <summary>T1212 Exploitation for Credential Access.</summary>
    public const string ExploitationForCredentialAccess = "T1212";
    /// <summary>T1203 Exploitation for Client Execution.</summary>
    public const string ExploitationForClientExecution = "T1203";
    /// <summary>T1566 Phishing.</summary>
    public const string Phishing = "T1566";
    /// <summary>T1003 OS Credential Dumping.</summary>
    public const string OsCredentialDumping = "T1003";
    /// <summary>T1078 Valid Accounts.</summary>
    public const string ValidAccounts = "T1078";
    /// <summary>T1552.004 Unsecured Credentials: Private Keys.</summary>
    public const string PrivateKeys = "T1552.004";
    /// <summary>T1550.003 Use Alternate Authentication Material: Pass the Ticket.</summary>
    public const string PassTheTicket = "T1550.003";
    /// <summary>T1021 Remote Services.</summary>
    public const string RemoteServices = "T1021";
    /// <summary>T1021.001 Remote Services: Remote Desktop Protocol.</summary>
    public const string RemoteDesktopProtocol = "T1021.001";
    /// <summary>T1021.002 Remote Services: SMB/Windows Admin Shares.</summary>
    public const string SmbAdminShares = "T1021.002";
    /// <summary>T1021.004 Remote Services: SSH.</summary>
    public const string Ssh = "T1021.004";
    /// <summary>T1021.006 Remote Services: Windows Remote Management.</summary>
    public const string WindowsRemoteManagement = "T1021.006";

    /// <summary>The remote-services sub-technique of a login service, or null if the service is not one a
    /// credential logs in to. Recognised by program name, else by the IANA port (22 ssh, 3389 rdp, 445 and 139 smb,
    /// 5985/5986 winrm).</summary>
    public static string? LoginServiceTechnique(string program, int port)
    {
        var p = program.ToLowerInvariant();
        if (p.Contains("ssh")) return Ssh;
        if (p.Contains("rdp") || p.Contains("ms-wbt") || p.Contains("terminal")) return RemoteDesktopProtocol;
        if (p.Contains("smb") || p.Contains("microsoft-ds") || p.Contains("netbios-ssn") || p.Contains("samba")) return SmbAdminShares;
        if (p.Contains("winrm") || p.Contains("wsman")) return WindowsRemoteManagement;
        return port switch
        {
            22 => Ssh,
            3389 => RemoteDesktopProtocol,
            445 or 139 => SmbAdminShares,
            5985 or 5986 => WindowsRemoteManagement,
            _ => null,
        };
    }
}
