namespace TwinLab.Network.AttackGraph;

/// <summary>The three node types of a MulVAL logical attack graph.</summary>
public enum AttackNodeKind
{
    /// <summary>A primitive fact (input).</summary>
    Leaf,
    /// <summary>A rule application: all its inputs are needed.</summary>
    And,
    /// <summary>A derived fact: any one of its deriving rule applications suffices.</summary>
    Or,
}

/// <summary>One node of a <see cref="LogicalAttackGraph"/>.</summary>
/// <param name="Id">The node id (0-based, dense).</param>
/// <param name="Kind">LEAF, AND or OR.</param>
/// <param name="Label">The fact (LEAF, OR) or rule name (AND), MulVAL style, such as <c>execCode(web01, root)</c>.</param>
/// <param name="Rule">The rule of an AND node.</param>
/// <param name="Technique">The MITRE ATT&amp;CK technique id of an AND node where one applies.</param>
/// <param name="Probability">An AND node's own success chance (its inputs aside); 1 for the others.</param>
/// <param name="MeanHours">An AND node's mean duration in hours; 0 for the others.</param>
/// <param name="IsAction">Whether the node is an attacker action (<see cref="AttackRules.IsAction"/>).</param>
public sealed record AttackNode(int Id, AttackNodeKind Kind, string Label, AttackRule? Rule, string? Technique,
    double Probability, double MeanHours, bool IsAction);
