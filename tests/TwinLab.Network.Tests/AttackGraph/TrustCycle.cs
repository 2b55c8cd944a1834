using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.AttackGraph;

/// <summary>Two CI hosts that trust each other's SSH keys for root (a cycle), entered through a phished laptop that
/// may reach build01's SSH with a stolen key of its own.</summary>
internal static class TrustCycle
{
    public static AttackFacts Facts() => new()
    {
        AttackerLocations = [new AttackerLocated("laptop07", "carol")],
        Hacls =
        [
            new Hacl("laptop07", "build01", "tcp", 22),
            new Hacl("build01", "deploy01", "tcp", 22),
            new Hacl("deploy01", "build01", "tcp", 22),
        ],
        Services =
        [
            new NetworkService("build01", "openssh", "tcp", 22, "root"),
            new NetworkService("deploy01", "openssh", "tcp", 22, "root"),
        ],
        Trusts =
        [
            new Trust("laptop07", "build01", "ci"),
            new Trust("build01", "deploy01", "root"),
            new Trust("deploy01", "build01", "root"),
        ],
        Assets = [new Asset("deploy01", 500_000, true)],
    };
}
