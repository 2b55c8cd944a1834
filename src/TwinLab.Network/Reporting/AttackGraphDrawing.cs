using TwinLab.Network.Analysis;

namespace TwinLab.Network.Reporting;

/// <summary>A host of the drawing: the attacker's start, a host on a path, or a crown jewel.</summary>
/// <param name="Name">The host, zone or <c>attacker</c>.</param>
/// <param name="Layer">Column, left to right: hops from the attacker.</param>
/// <param name="Row">Position in the column.</param>
/// <param name="CrownJewel">Whether it is a goal.</param>
/// <param name="IsStart">Whether the attacker starts there.</param>
/// <param name="LocalSteps">Steps taken on the host itself (privilege escalation, credential dumping), as labels.</param>
internal sealed record DrawnHost(string Name, int Layer, int Row, bool CrownJewel, bool IsStart, IReadOnlyList<string> LocalSteps);

/// <summary>An exploit step from one host to another, labelled with the CVE (or credential, or trust) and the ATT&amp;CK id.</summary>
/// <param name="From">Source host.</param>
/// <param name="To">Target host.</param>
/// <param name="Labels">The labels of every step between the two, such as <c>CVE-2021-42013 T1190</c>.</param>
internal sealed record DrawnStep(string From, string To, IReadOnlyList<string> Labels);

/// <summary>The host-level picture of a set of attack paths: hosts as nodes in layers left to right from the attacker,
/// exploit steps as edges. Built from the paths' MulVAL facts: an action's source hosts are those whose code execution
/// (or the attacker's location) its premises derive from, through the non-action steps (network access, group footholds).</summary>
internal sealed class AttackGraphDrawing
{
    private AttackGraphDrawing(IReadOnlyList<DrawnHost> hosts, IReadOnlyList<DrawnStep> steps)
    {
        Hosts = hosts;
        Steps = steps;
    }

    public IReadOnlyList<DrawnHost> Hosts { get; }

    public IReadOnlyList<DrawnStep> Steps { get; }

    public static AttackGraphDrawing Of(IEnumerable<PathView> paths, IReadOnlySet<string> crownJewels)
    {
        var edges = new Dictionary<(string, string), SortedSet<string>>();
        var local = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var starts = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Node(string n)
        {
            if (!order.Contains(n)) order.Add(n);
        }
        foreach (var path in paths)
        {
            var origin = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var step in path.Steps)
            {
                var sources = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in step.Premises)
                {
                    var (name, args) = Fact(p);
                    if (name == "attackerLocated")
                    {
                        sources.Add(args[0]);
                        starts.Add(args[0]);
                    }
                    else if (origin.TryGetValue(p, out var from)) sources.UnionWith(from);
                    else if (name == "execCode") sources.Add(args[0]);
                }
                var (kind, cargs) = Fact(step.Conclusion);
                var target = kind is "execCode" or "canLogin" ? cargs[0] : null;
                if (step.IsAction || step.Technique is not null)
                {
                    var label = Label(step);
                    if (target is null || sources.Contains(target))
                        foreach (var s in target is null ? sources : [target])
                        {
                            Node(s);
                            if (!local.TryGetValue(s, out var set)) local[s] = set = new SortedSet<string>(StringComparer.Ordinal);
                            set.Add(label);
                        }
                    else
                    {
                        foreach (var s in sources.Order(StringComparer.Ordinal))
                        {
                            Node(s);
                            Node(target);
                            if (!edges.TryGetValue((s, target), out var set)) edges[(s, target)] = set = new SortedSet<string>(StringComparer.Ordinal);
                            set.Add(label);
                        }
                    }
                }
                origin[step.Conclusion] = target is not null && (step.IsAction || step.Technique is not null) ? [target] : sources;
            }
        }
        foreach (var s in starts) Node(s);
        // Layers: breadth-first hops from the starts; hosts no start reaches (none, when the paths are complete) go last.
        var layer = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<string>(starts.Order(StringComparer.Ordinal));
        foreach (var s in starts) layer[s] = 0;
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            foreach (var ((from, to), _) in edges.Where(e => e.Key.Item1 == n).OrderBy(e => e.Key.Item2, StringComparer.Ordinal))
                if (layer.TryAdd(to, layer[n] + 1)) queue.Enqueue(to);
        }
        var max = layer.Count == 0 ? 0 : layer.Values.Max();
        foreach (var n in order) layer.TryAdd(n, max + 1);
        var hosts = order.GroupBy(n => layer[n]).OrderBy(g => g.Key)
            .SelectMany(g => g.Order(StringComparer.Ordinal).Select((n, row) => new DrawnHost(n, g.Key, row, crownJewels.Contains(n), starts.Contains(n),
                local.TryGetValue(n, out var l) ? [.. l] : [])))
            .ToList();
        var steps = edges.OrderBy(e => layer[e.Key.Item1]).ThenBy(e => e.Key.Item1, StringComparer.Ordinal).ThenBy(e => e.Key.Item2, StringComparer.Ordinal)
            .Select(e => new DrawnStep(e.Key.Item1, e.Key.Item2, [.. e.Value])).ToList();
        return new AttackGraphDrawing(hosts, steps);
    }

    /// <summary>The CVE, credential or trust the step uses, with its ATT&amp;CK id.</summary>
    private static string Label(PathStepView step)
    {
        string? what = null;
        foreach (var p in step.Premises)
        {
            var (name, args) = Fact(p);
            if (name == "vulExists" && args.Count > 1) what = args[1];
            else if (name == "credentialCompromised" && what is null) what = "cred " + args[0];
            else if (name == "trusts" && what is null) what = "trust";
        }
        if (Fact(step.Conclusion) is ("credentialCompromised", var c)) what ??= "dump " + c[0];
        what ??= step.Rule;
        return step.Technique is null ? what : $"{what} {step.Technique}";
    }

    /// <summary><c>name(a, b, c)</c> → (name, [a, b, c]).</summary>
    private static (string Name, IReadOnlyList<string> Args) Fact(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !text.EndsWith(')')) return (text, []);
        return (text[..open], [.. text[(open + 1)..^1].Split(',').Select(a => a.Trim())]);
    }
}
