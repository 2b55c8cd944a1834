namespace TwinLab.Network.Reachability;

/// <summary>A rule or policy that took part in a decision: where it is written and what it says.</summary>
/// <param name="File">The rules file (or topology file for a flow).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Chain">The chain (empty for a flow).</param>
/// <param name="Text">The rule text, or <c>policy DROP</c> for a chain policy.</param>
public sealed record RuleReference(string File, int Line, string Chain, string Text)
{
    /// <summary><c>file:line [chain] text</c>.</summary>
    public override string ToString() => Chain.Length > 0 ? $"{File}:{Line} [{Chain}] {Text}" : $"{File}:{Line} {Text}";
}
