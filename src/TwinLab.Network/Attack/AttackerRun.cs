using TwinLab.Network.AttackGraph;
using TwinLab.Simulation.Random;

namespace TwinLab.Network.Attack;

/// <summary>One replication of the attacker, with scratch arrays reused across the replications a thread runs
/// (reset at the start of each, so a replication's outcome depends only on its random stream).</summary>
/// <remarks>Available actions live in Fenwick trees (weights = success probability scaled to integers, and counts),
/// so a choice costs O(log n) even when thousands of actions are open. An action is withdrawn as soon as its
/// conclusion is held. The run stops at the horizon, when no action is left, or when every asset is compromised
/// (nothing later can change the results).</remarks>
internal sealed class AttackerRun
{
    // Probability → integer weight: 2^30 levels, far finer than any input probability's precision.
    private const double WeightScale = 1 << 30;

    private readonly GraphStore _g;
    private readonly Consumers _consumers;
    private readonly AttackSimulationOptions _options;
    private readonly int[] _goals;
    private readonly bool[] _isGoal;
    private readonly double[] _heldAt;
    private readonly int[] _derivedBy;
    private readonly int[] _remaining;
    private readonly int[] _slotOf;
    private readonly int[] _actionOfSlot;
    private readonly ActionSampler _byProbability;
    private readonly ActionSampler _byCount;
    private readonly PriorityQueue<int, (long, int)>? _greedy;
    private readonly Stack<int> _fire = new();
    private readonly List<int> _initial = [];
    private double _now;
    private int _goalsLeft;

    public AttackerRun(GraphStore g, Consumers consumers, AttackSimulationOptions options, int[] goals)
    {
        _g = g;
        _consumers = consumers;
        _options = options;
        _goals = goals;
        _heldAt = new double[g.NodeCount];
        _derivedBy = new int[g.NodeCount];
        _remaining = new int[g.NodeCount];
        _slotOf = new int[g.NodeCount];
        _isGoal = new bool[g.NodeCount];
        foreach (var goal in goals)
            if (goal >= 0) _isGoal[goal] = true;
        var actions = new List<int>();
        for (var a = 0; a < g.NodeCount; a++)
        {
            _slotOf[a] = -1;
            if (g.Kind[a] != AttackNodeKind.And) continue;
            if (consumers.DerivedPremises[a] == 0) _initial.Add(a);
            if (AttackRules.IsAction(g.AndOf(a).Rule)) { _slotOf[a] = actions.Count; actions.Add(a); }
        }
        _actionOfSlot = [.. actions];
        _byProbability = new ActionSampler(actions.Count);
        _byCount = new ActionSampler(actions.Count);
        if (options.Policy == AttackerPolicy.GreedyMostLikely) _greedy = new PriorityQueue<int, (long, int)>();
    }

    public void Execute(RandomStream random)
    {
        Array.Fill(_heldAt, double.NaN);
        Array.Copy(_consumers.DerivedPremises, _remaining, _remaining.Length);
        _byProbability.Clear();
        _byCount.Clear();
        _greedy?.Clear();
        _now = 0;
        _goalsLeft = _goals.Where(g => g >= 0).Distinct().Count();
        foreach (var a in _initial) Enable(a);
        Propagate();
        while (_goalsLeft > 0 && Choose(random) is var a && a >= 0)
        {
            ref readonly var info = ref _g.AndOf(a);
            _now += Duration(info.MeanHours, random);
            if (_now > _options.HorizonHours) break;
            if (random.NextDouble() < info.Probability)
            {
                Gain(info.Head, a);
                Propagate();
            }
        }
    }

    /// <summary>When the fact was gained (hours), NaN if never.</summary>
    public double TimeHeld(int orNode) => _heldAt[orNode];

    /// <summary>The actions (AND nodes) behind a gained fact, following for each fact the rule application that first
    /// gave it, in the order they succeeded.</summary>
    public int[] ActionsBehind(int orNode)
    {
        var actions = new List<int>();
        var seen = new HashSet<int>();
        var stack = new Stack<int>([orNode]);
        while (stack.Count > 0)
        {
            var or = stack.Pop();
            if (!seen.Add(or)) continue;
            var a = _derivedBy[or];
            if (AttackRules.IsAction(_g.AndOf(a).Rule)) actions.Add(a);
            foreach (var b in _g.BodyOf(a))
                if (_g.Kind[b] == AttackNodeKind.Or) stack.Push(b);
        }
        return [.. actions.OrderBy(a => _heldAt[_g.AndOf(a).Head]).ThenBy(a => a)];
    }

    private void Enable(int and)
    {
        ref readonly var info = ref _g.AndOf(and);
        var slot = _slotOf[and];
        if (slot < 0) { _fire.Push(and); return; } // a logical consequence: holds at once, with certainty
        if (info.Probability <= 0 || !double.IsNaN(_heldAt[info.Head])) return;
        var weight = Math.Max(1, (long)Math.Round(info.Probability * WeightScale));
        _byProbability.Set(slot, weight);
        _byCount.Set(slot, 1);
        _greedy?.Enqueue(slot, (-weight, and));
    }

    private void Withdraw(int slot)
    {
        _byProbability.Set(slot, 0);
        _byCount.Set(slot, 0);
    }

    private void Gain(int or, int by)
    {
        if (!double.IsNaN(_heldAt[or])) return;
        _heldAt[or] = _now;
        _derivedBy[or] = by;
        if (_isGoal[or]) _goalsLeft--;
        // Other ways to the same fact are pointless now.
        for (var a = _g.OrFirstDeriver[_g.Ref[or]]; a >= 0; a = _g.AndOf(a).NextDeriver)
            if (_slotOf[a] >= 0) Withdraw(_slotOf[a]);
        foreach (var c in _consumers.Of(or))
            if (--_remaining[c] == 0) Enable(c);
    }

    private void Propagate()
    {
        while (_fire.Count > 0)
        {
            var a = _fire.Pop();
            Gain(_g.AndOf(a).Head, a);
        }
    }

    /// <summary>Withdraws and returns the next action by the policy, or −1 when none is left.</summary>
    private int Choose(RandomStream random)
    {
        if (_byCount.Total == 0) return -1;
        int slot;
        switch (_options.Policy)
        {
            case AttackerPolicy.Uniform:
                slot = _byCount.Find(random.NextInt((int)_byCount.Total));
                break;
            case AttackerPolicy.GreedyMostLikely:
                if (random.NextDouble() < _options.GreedyNoise) { slot = _byCount.Find(random.NextInt((int)_byCount.Total)); break; }
                // Lazy deletion: entries withdrawn since they were queued are skipped.
                do slot = _greedy!.Dequeue(); while (_byCount.WeightOf(slot) == 0);
                break;
            default:
                var total = _byProbability.Total;
                slot = _byProbability.Find(Math.Min(total - 1, (long)(random.NextDouble() * total)));
                break;
        }
        Withdraw(slot);
        return _actionOfSlot[slot];
    }

    private double Duration(double meanHours, RandomStream random)
    {
        if (meanHours <= 0) return 0;
        if (_options.TimeModel == StepTimeModel.Exponential) return random.NextExponential(1 / meanHours);
        var sigma = _options.LogNormalSigma;
        return Math.Exp(Math.Log(meanHours) - sigma * sigma / 2 + sigma * random.NextGaussian());
    }
}
