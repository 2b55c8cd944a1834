using TwinLab.Network.Firewall;

namespace TwinLab.Network.Reachability;

/// <summary>One table of a rules file compiled for one crossing (in/out interface): each chain keeps only the rules whose
/// interface tests hold there, and jumps point at chain indices.</summary>
internal sealed class CompiledTable
{
    private readonly CompiledRule[][] _chains;
    private readonly FirewallChain[] _source;
    private readonly int _start;
    private readonly ChainPolicy _fallback;

    public CompiledTable(FirewallTable table, string startChain, string? inInterface, string? outInterface)
    {
        _source = [.. table.Chains];
        var index = _source.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _start = index[startChain];
        _chains = new CompiledRule[_source.Length][];
        for (var c = 0; c < _source.Length; c++)
        {
            var rules = new List<CompiledRule>();
            foreach (var rule in _source[c].Rules)
            {
                if (!InterfaceMatches(rule.InInterface, inInterface) || !InterfaceMatches(rule.OutInterface, outInterface)) continue;
                var compiled = new CompiledRule(rule);
                if (rule.TargetKind is RuleTargetKind.Jump or RuleTargetKind.Goto) compiled.TargetChain = index[rule.Target];
                rules.Add(compiled);
            }
            _chains[c] = [.. rules];
        }
        // A user chain used as the entry chain falls back on FORWARD's policy (or accepts when there is none).
        _fallback = _source[_start].Policy ?? table.Chain("FORWARD")?.Policy ?? ChainPolicy.Accept;
        StartChain = _source[_start];
    }

    public FirewallChain StartChain { get; }

    /// <summary>First-match evaluation with jumps, gotos and RETURN, ending in the entry chain's policy.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="via">Receives the jump rules followed (null when not explaining).</param>
    /// <returns>The verdict and the rule that gave it (null for the policy).</returns>
    public (bool Accepted, FirewallRule? Rule) Evaluate(in Packet packet, List<FirewallRule>? via)
    {
        Span<(int Chain, int Rule)> stack = stackalloc (int, int)[32];
        var depth = 0;
        var chain = _start;
        var position = 0;
        while (true)
        {
            var rules = _chains[chain];
            var returned = false;
            while (position < rules.Length)
            {
                var rule = rules[position++];
                if (!rule.Matches(packet)) continue;
                switch (rule.Kind)
                {
                    case RuleTargetKind.Accept or RuleTargetKind.Unsupported:
                        return (true, rule.Rule);
                    case RuleTargetKind.Drop or RuleTargetKind.Reject:
                        return (false, rule.Rule);
                    case RuleTargetKind.Return:
                        returned = true;
                        break;
                    case RuleTargetKind.Jump:
                        if (depth == stack.Length)
                            throw new FirewallFileException(rule.Rule.File, rule.Rule.Line, $"chain jumps nest deeper than {stack.Length}");
                        stack[depth++] = (chain, position);
                        via?.Add(rule.Rule);
                        chain = rule.TargetChain;
                        position = 0;
                        rules = _chains[chain];
                        continue;
                    case RuleTargetKind.Goto:
                        via?.Add(rule.Rule);
                        chain = rule.TargetChain;
                        position = 0;
                        rules = _chains[chain];
                        continue;
                }
                if (returned) break;
            }
            // End of chain or RETURN: back to the caller, or the policy at the top.
            if (depth == 0) return (_fallback == ChainPolicy.Accept, null);
            (chain, position) = stack[--depth];
        }
    }

    /// <summary>The policy that applies when no rule decides.</summary>
    public ChainPolicy Policy => _fallback;

    private static bool InterfaceMatches(Negatable<string>? test, string? actual)
    {
        if (test is not { } t) return true;
        if (actual is null) return t.Negated;
        var name = t.Value;
        var same = name.EndsWith('+') ? actual.StartsWith(name[..^1], StringComparison.Ordinal) : actual == name;
        return same != t.Negated;
    }
}
