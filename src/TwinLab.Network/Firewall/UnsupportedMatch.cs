namespace TwinLab.Network.Firewall;

/// <summary>A match or target that the reachability engine does not understand; kept and reported, never silently dropped.</summary>
/// <param name="File">The rules file.</param>
/// <param name="Line">1-based line of the rule.</param>
/// <param name="Chain">The chain the rule belongs to.</param>
/// <param name="Text">The options not understood, such as <c>-m limit --limit 5/min</c>.</param>
public sealed record UnsupportedMatch(string File, int Line, string Chain, string Text)
{
    /// <summary><c>file:line: chain: text</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Chain}: unsupported '{Text}'";
}
