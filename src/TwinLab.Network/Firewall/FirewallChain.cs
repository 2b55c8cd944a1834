namespace TwinLab.Network.Firewall;

/// <summary>The verdict of a built-in chain when no rule decides.</summary>
public enum ChainPolicy
{
    /// <summary><c>ACCEPT</c>.</summary>
    Accept,
    /// <summary><c>DROP</c>.</summary>
    Drop,
}

/// <summary>A chain of a table: a built-in one with its policy (<c>:INPUT DROP [0:0]</c>) or a user chain (<c>:WEB - [0:0]</c>).</summary>
/// <param name="Name">The chain name.</param>
/// <param name="Policy">The policy of a built-in chain; null for a user chain.</param>
/// <param name="Line">1-based line of the declaration.</param>
/// <param name="Rules">The rules in order.</param>
public sealed record FirewallChain(string Name, ChainPolicy? Policy, int Line, IReadOnlyList<FirewallRule> Rules)
{
    /// <summary>True for a built-in chain (one with a policy).</summary>
    public bool IsBuiltIn => Policy is not null;
}

/// <summary>One <c>*table</c> … <c>COMMIT</c> block.</summary>
/// <param name="Name">The table name: <c>filter</c>, <c>nat</c>, <c>mangle</c>, <c>raw</c>, <c>security</c>.</param>
/// <param name="Line">1-based line of <c>*table</c>.</param>
/// <param name="Chains">The chains in declaration order.</param>
public sealed record FirewallTable(string Name, int Line, IReadOnlyList<FirewallChain> Chains)
{
    /// <summary>The chain of that name, or null.</summary>
    /// <param name="name">The chain name (case-sensitive, as iptables).</param>
    public FirewallChain? Chain(string name) => Chains.FirstOrDefault(c => c.Name == name);
}
