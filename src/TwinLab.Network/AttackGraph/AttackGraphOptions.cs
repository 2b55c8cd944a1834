namespace TwinLab.Network.AttackGraph;

/// <summary>Chances and times of the attack steps that are not vulnerability exploits, and names the derivation
/// treats specially.</summary>
/// <remarks>The defaults are modelling assumptions of this twin, not published figures: a login with a valid
/// credential nearly always works and is quick; dumping credentials with administrator rights (for example with
/// Mimikatz-like tools) usually works within an hour.</remarks>
public sealed record AttackGraphOptions
{
    /// <summary>The privileged account name; a local privilege escalation yields it.</summary>
    public string RootUser { get; init; } = "root";

    /// <summary>Mean hours of one exploit attempt when <see cref="VulnProperty.ExploitTimeHours"/> is null.</summary>
    public double DefaultExploitHours { get; init; } = 8;

    /// <summary>Chance that dumping credentials from a host where the attacker is root succeeds.</summary>
    public double CredentialDumpProbability { get; init; } = 0.9;

    /// <summary>Mean hours of a credential dump.</summary>
    public double CredentialDumpHours { get; init; } = 1;

    /// <summary>Chance that a remote login with a valid credential or trust succeeds.</summary>
    public double LoginProbability { get; init; } = 1.0;

    /// <summary>Mean hours of a remote login.</summary>
    public double LoginHours { get; init; } = 0.25;

    /// <summary>The defaults.</summary>
    public static AttackGraphOptions Default { get; } = new();
}
