namespace TwinLab.Network.Firewall;

/// <summary>A parsed iptables-save (or ip6tables-save) file: its tables, and what it holds that the engine does not understand.</summary>
/// <param name="File">The file name used in messages.</param>
/// <param name="Tables">The tables in file order.</param>
public sealed record FirewallRuleset(string File, IReadOnlyList<FirewallTable> Tables)
{
    /// <summary>The table of that name, or null.</summary>
    /// <param name="name">The table name, such as <c>filter</c>.</param>
    public FirewallTable? Table(string name) => Tables.FirstOrDefault(t => t.Name == name);

    /// <summary>The filter table, or null when the file has none (then it filters nothing).</summary>
    public FirewallTable? Filter => Table("filter");

    /// <summary>Every rule of every table in file order.</summary>
    public IEnumerable<FirewallRule> Rules => Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules).OrderBy(r => r.Line);

    /// <summary>Every match or target not understood, with file and line, in file order.</summary>
    public IReadOnlyList<UnsupportedMatch> Unsupported => [.. Rules.SelectMany(r => r.Unsupported)];
}
