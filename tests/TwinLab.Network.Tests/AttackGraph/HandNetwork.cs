using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.AttackGraph;

/// <summary>
/// A small enterprise whose attack paths are known by hand:
/// internet → web01 (Apache httpd CVE-2021-41773, remote code execution as www-data; PwnKit CVE-2021-4034 to root)
/// → db01 (PostgreSQL CVE-2019-9193 on 5432); and a phished laptop01 (alice) → PrintNightmare CVE-2021-1675 to root →
/// dump the cached domain-admin credential → SMB login to the domain controller dc01. web01 also caches the
/// domain-admin credential and may open dc01's SMB port.
/// </summary>
internal static class HandNetwork
{
    public static AttackFacts Facts(bool tree = false) => new()
    {
        AttackerLocations = [new AttackerLocated("internet"), new AttackerLocated("laptop01", "alice")],
        Hacls =
        [
            new Hacl("internet", "web01", "tcp", 443),
            new Hacl("web01", "db01", "tcp", 5432),
            new Hacl("laptop01", "dc01", "tcp", 445),
            new Hacl("web01", "dc01", "tcp", 445),
        ],
        Services =
        [
            new NetworkService("web01", "httpd", "tcp", 443, "www-data"),
            new NetworkService("db01", "postgresql", "tcp", 5432, "postgres"),
            new NetworkService("dc01", "microsoft-ds", "tcp", 445, "SYSTEM"),
        ],
        Vulnerabilities =
        [
            new VulnExists("web01", "CVE-2021-41773", "httpd"),
            .. tree ? Array.Empty<VulnExists>() : [new VulnExists("web01", "CVE-2021-4034", "polkit")],
            new VulnExists("db01", "CVE-2019-9193", "postgresql"),
            new VulnExists("laptop01", "CVE-2021-1675", "spoolsv"),
        ],
        VulnProperties =
        [
            new VulnProperty("CVE-2021-41773", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.8, 4),
            new VulnProperty("CVE-2021-4034", ExploitRange.Local, ExploitConsequence.PrivEscalation, 0.9, 1),
            new VulnProperty("CVE-2019-9193", ExploitRange.Remote, ExploitConsequence.CodeExec, 0.5, 6),
            new VulnProperty("CVE-2021-1675", ExploitRange.Local, ExploitConsequence.PrivEscalation, 0.7, 2),
        ],
        Accounts = [new HasAccount("alice", "laptop01", "alice")],
        StoredCredentials = [new CredentialStoredOn("domain-admin", "laptop01"), new CredentialStoredOn("domain-admin", "web01")],
        CredentialValidity = [new CredentialValidFor("domain-admin", "dc01", "Administrator")],
        Assets = [new Asset("db01", 1_000_000, true), new Asset("dc01", 5_000_000, true), new Asset("laptop01", 2_000, false)],
    };

    // Hand computation, full network. dc01: laptop path 0.7 (PrintNightmare) × 0.9 (dump) = 0.63; web path
    // 0.8 × 0.9 (PwnKit) × 0.9 (dump) = 0.648; the credential is compromised by either; login and SMB access are certain.
    public const double DcExact = 1 - (1 - 0.63) * (1 - 0.648);

    // db01: web01 exploited (0.8), then PostgreSQL (0.5). The hop to db01 is derived both from www-data and from root
    // on web01, which share the first exploit, so the independence approximation gives (1 − 0.2 × 0.28) × 0.5.
    public const double DbExact = 0.8 * 0.5;
    public const double DbApproximation = (1 - (1 - 0.8) * (1 - 0.72)) * 0.5;
}
