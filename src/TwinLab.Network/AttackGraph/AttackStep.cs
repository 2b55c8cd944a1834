namespace TwinLab.Network.AttackGraph;

/// <summary>One rule application on an attack path.</summary>
/// <param name="Node">The AND node.</param>
/// <param name="Rule">The rule.</param>
/// <param name="Technique">The MITRE ATT&amp;CK technique id, null where none applies.</param>
/// <param name="Conclusion">The fact it derives.</param>
/// <param name="Premises">Its inputs (primitive and derived facts, MulVAL style).</param>
/// <param name="Probability">Its own success chance.</param>
/// <param name="MeanHours">Its mean duration.</param>
/// <param name="IsAction">Whether it is an attacker action (exploit, dump, login) rather than a logical consequence.</param>
public sealed record AttackStep(int Node, AttackRule Rule, string? Technique, DerivedFact Conclusion,
    IReadOnlyList<string> Premises, double Probability, double MeanHours, bool IsAction)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{AttackRules.Name(Rule)}{(Technique is null ? "" : $" [{Technique}]")} ⇒ {Conclusion}";
}

/// <summary>An attack path: a set of rule applications that together derive the goal, in an order the attacker
/// can carry them out (each step's derived premises come from earlier steps).</summary>
/// <param name="Goal">The derived goal.</param>
/// <param name="Steps">The steps, in executable order, logical consequences included.</param>
public sealed record AttackPath(DerivedFact Goal, IReadOnlyList<AttackStep> Steps)
{
    /// <summary>The attacker actions only (exploits, dumps, logins).</summary>
    public IReadOnlyList<AttackStep> Actions => [.. Steps.Where(s => s.IsAction)];

    /// <summary>Number of attacker actions (the length used by <see cref="LogicalAttackGraph.ShortestPath"/>).</summary>
    public int ActionCount => Steps.Count(s => s.IsAction);

    /// <summary>Chance that every step succeeds, the steps independent: Π p over the steps.</summary>
    public double Probability => Steps.Aggregate(1.0, (p, s) => p * s.Probability);

    /// <summary>Sum of the steps' mean hours (the expected duration when every step succeeds at its first try).</summary>
    public double MeanHours => Steps.Sum(s => s.MeanHours);

    /// <summary>The ATT&amp;CK technique ids of the steps, in order, without repeats next to each other.</summary>
    public IReadOnlyList<string> Techniques
    {
        get
        {
            var list = new List<string>();
            foreach (var s in Steps)
                if (s.Technique is { } t && (list.Count == 0 || list[^1] != t)) list.Add(t);
            return list;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(" → ", Actions.Select(s => s.ToString()));
}

/// <summary>The result of enumerating minimal attack paths.</summary>
/// <param name="Paths">The minimal paths found, fewest actions first, then most likely first.</param>
/// <param name="Truncated">True when the enumeration hit its limit, so more minimal paths may exist.</param>
public sealed record AttackPathSet(IReadOnlyList<AttackPath> Paths, bool Truncated);
