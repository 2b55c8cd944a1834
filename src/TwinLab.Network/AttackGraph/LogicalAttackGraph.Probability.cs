namespace TwinLab.Network.AttackGraph;

public sealed partial class LogicalAttackGraph
{
    private double[]? _probabilities;

    /// <summary>
    /// The approximate probability that the attacker reaches <paramref name="goal"/> (0 when unreachable), by the
    /// standard propagation over the AND/OR graph (Wang, Islam, Long, Singhal and Jajodia, "An Attack Graph-Based
    /// Probabilistic Security Metric", DBSec 2008): AND = its own p × Π p(premises), OR = 1 − Π(1 − p(AND)).
    /// </summary>
    /// <remarks>Exact when the derivations feeding a node are independent (a tree). Where they share a step the
    /// independence assumption is biased: two alternative derivations (OR) that share a step are overestimated, two
    /// premises of one rule (AND) that share a step are underestimated. Cycles: the graph's strongly connected components are evaluated
    /// in topological order; inside a component, facts are taken in the order the fixpoint first derived them and a
    /// rule application counts only if its derived premises come earlier, so a fact never supports itself. The exact
    /// value under the same model is estimated by <c>TwinLab.Network.Attack.AttackSimulator</c>.</remarks>
    public double CompromiseProbability(DerivedFact goal) => Find(goal) is { } g ? NodeProbabilities[g] : 0;

    /// <summary>The approximate probability of every node (LEAF 1; see <see cref="CompromiseProbability"/>).</summary>
    public IReadOnlyList<double> NodeProbabilities => _probabilities ??= ComputeProbabilities();

    private double[] ComputeProbabilities()
    {
        var n = _g.NodeCount;
        var p = new double[n];
        var evaluated = new bool[n];
        for (var i = 0; i < n; i++)
            if (_g.Kind[i] == AttackNodeKind.Leaf) { p[i] = 1; evaluated[i] = true; }
        foreach (var component in StronglyConnected.TopologicalComponents(_g, ConsumerIndex))
        {
            // Members in creation order: an OR node before any AND that needs it, premises before conclusions.
            component.Sort();
            foreach (var or in component)
            {
                if (_g.Kind[or] != AttackNodeKind.Or) continue;
                var miss = 1.0;
                for (var a = _g.OrFirstDeriver[_g.Ref[or]]; a >= 0; a = _g.AndOf(a).NextDeriver)
                    miss *= 1 - AndProbability(a, p, evaluated);
                p[or] = 1 - miss;
                evaluated[or] = true;
            }
        }
        for (var i = 0; i < n; i++)
            if (_g.Kind[i] == AttackNodeKind.And) p[i] = AndProbability(i, p, evaluated);
        return p;
    }

    private double AndProbability(int and, double[] p, bool[] evaluated)
    {
        var value = _g.AndOf(and).Probability;
        foreach (var b in _g.BodyOf(and))
        {
            if (!evaluated[b]) return 0; // a premise later in the same cycle: this derivation would be circular
            value *= p[b];
        }
        return value;
    }
}
