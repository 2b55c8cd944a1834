namespace TwinLab.Network.Firewall;

/// <summary>What a rule does when it matches.</summary>
public enum RuleTargetKind
{
    /// <summary>No <c>-j</c>: the rule only counts packets; evaluation goes on.</summary>
    None,
    /// <summary><c>-j ACCEPT</c>: the packet passes this chain's table.</summary>
    Accept,
    /// <summary><c>-j DROP</c>: the packet is discarded silently.</summary>
    Drop,
    /// <summary><c>-j REJECT</c>: the packet is discarded with an error reply.</summary>
    Reject,
    /// <summary><c>-j RETURN</c>: back to the calling chain, or the policy in a built-in chain.</summary>
    Return,
    /// <summary><c>-j LOG</c> and other targets that mark or log and let evaluation go on.</summary>
    Continue,
    /// <summary><c>-j CHAIN</c>: evaluate a user chain, coming back unless it decides.</summary>
    Jump,
    /// <summary><c>-g CHAIN</c>: evaluate a user chain without coming back to this one.</summary>
    Goto,
    /// <summary>A NAT target (<c>DNAT</c>, <c>SNAT</c>, <c>MASQUERADE</c>, <c>REDIRECT</c>); kept, not used for filtering.</summary>
    Nat,
    /// <summary>A terminating target whose verdict is decided elsewhere (<c>NFQUEUE</c>, <c>QUEUE</c>, <c>SYNPROXY</c>); reported as unsupported and taken as accept.</summary>
    Unsupported,
}
