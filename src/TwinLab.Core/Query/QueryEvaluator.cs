using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Runs a <see cref="QueryPlan"/> against a snapshot.
/// </summary>
/// <remarks>
/// Scans evaluate the compiled WHERE directly on twin data and write JSON only for matching rows, in id order (twins
/// ordinally by <c>$dtId</c>, relationships by source then id): over the cached id-sorted view of a large snapshot
/// when it is ready (<see cref="SnapshotIndexes"/>), else by sorting just the matches. Graph plans start from the
/// pinned twins (else every twin that passes the start alias's own conditions, sorted by id) and expand each step in
/// a deterministic order (by the reached twin's id, then the relationship's source and id), so rows come out in
/// a stable order and TOP can stop early. A single-hop step gives one row per relationship (as JOIN does); a
/// variable-length step gives one row per distinct twin reached, since the paths themselves cannot be projected.
/// </remarks>
internal sealed class QueryEvaluator
{
    private readonly QueryPlan _plan;
    private readonly GraphSnapshot _graph;
    private readonly Frame _frame;
    private readonly QueryJson _json;
    /// <summary>The most rows worth producing: TOP, or as many as the page needs (and one more).</summary>
    private readonly long _limit;
    private long _count;
    private bool _done;
    /// <summary>Set when a scan only collects what its WHERE selects (<see cref="Match"/>).</summary>
    private readonly QueryMatches? _matches;

    private QueryEvaluator(QueryPlan plan, GraphSnapshot graph, QueryJson json, QueryMatches? matches = null)
    {
        _plan = plan;
        _graph = graph;
        _json = json;
        _matches = matches;
        _limit = matches is not null ? long.MaxValue : Math.Min(plan.Top ?? long.MaxValue, json.Needed);
        _frame = new Frame(plan.Slots.Length, graph, plan.ModelCaches);
    }

    /// <summary>Runs the plan.</summary>
    public static QueryResult Run(QueryPlan plan, GraphSnapshot graph)
    {
        var run = new QueryEvaluator(plan, graph, new QueryJson());
        run.Evaluate();
        if (plan.Select == SelectKind.Count)
            return new QueryResult([new JsonObject { ["COUNT"] = run._count }]);
        return new QueryResult(run._json.ToRows());
    }

    /// <summary>Runs the plan and writes the rows <paramref name="skip"/> to <paramref name="skip"/> +
    /// <paramref name="take"/> - 1 to <paramref name="writer"/>, producing at most one row more than those.</summary>
    /// <returns>How many rows were written, and whether any row follows them.</returns>
    public static QueryPage RunPage(QueryPlan plan, GraphSnapshot graph, Utf8JsonWriter writer, int skip, int take)
    {
        var json = new QueryJson(writer, skip, take);
        var run = new QueryEvaluator(plan, graph, json);
        run.Evaluate();
        if (plan.Select == SelectKind.Count) json.CountRow(run._count);
        return new QueryPage(json.Written, json.Count > (long)skip + take);
    }

    /// <summary>Runs a scan's WHERE alone: every matching twin or relationship, in row order, whatever TOP, COUNT or the projections say.</summary>
    public static QueryMatches Match(QueryPlan plan, GraphSnapshot graph)
    {
        if (plan.Kind == PlanKind.Graph) throw new InvalidOperationException("A query with JOIN or MATCH has no single collection to match.");
        var matches = new QueryMatches([], []);
        new QueryEvaluator(plan, graph, new QueryJson(), matches).Evaluate();
        return matches;
    }

    private void Evaluate()
    {
        switch (_plan.Kind)
        {
            case PlanKind.TwinScan:
                ScanTwins();
                break;
            case PlanKind.RelationshipScan:
                ScanRelationships();
                break;
            default:
                Traverse();
                break;
        }
    }

    // ------------------------------------------------------------------ scans

    private void ScanTwins()
    {
        var filter = _plan.Filter;
        var slots = _frame.Slots;
        var counting = _plan.Select == SelectKind.Count && _matches is null;
        var matches = new List<Twin>();
        if (_plan.Pin is { } pin)
        {
            foreach (var id in pin.Ids)
            {
                if (!_graph.Twins.TryGetValue(id, out var t)) continue;
                slots[0] = t;
                if (filter is null || filter(_frame)) matches.Add(t);
            }
        }
        else if (filter is null && counting)
        {
            _count = _graph.Twins.Count;
            return;
        }
        else if (_plan.Lookup is { } lookup && SnapshotIndexes.StringValues(_graph.Twins, lookup.Property) is { } index)
        {
            // Only the twins whose property holds one of the strings can match; their positions are in id order.
            var limit = counting ? long.MaxValue : _limit;
            foreach (var i in index.Positions(lookup.Values))
            {
                var t = index.Twins[i];
                if (filter is not null)
                {
                    slots[0] = t;
                    if (!filter(_frame)) continue;
                }
                matches.Add(t);
                if (matches.Count >= limit) break;
            }
            Output(matches, counting, sort: false);
            return;
        }
        else if (SortedStarts(out var column) is { } sorted)
        {
            // Already in id order: collect matches in order, stop at TOP.
            var limit = counting ? long.MaxValue : _limit;
            var prefilter = _plan.Prefilter!;
            for (var i = 0; i < sorted.Length; i++)
            {
                if (column is not null && !prefilter.Test(column[i])) continue;
                var t = sorted[i];
                if (filter is not null)
                {
                    slots[0] = t;
                    if (!filter(_frame)) continue;
                }
                matches.Add(t);
                if (matches.Count >= limit) break;
            }
            Output(matches, counting, sort: false);
            return;
        }
        else if (filter is null)
        {
            foreach (var (_, t) in _graph.Twins) matches.Add(t);
        }
        else
        {
            foreach (var (_, t) in _graph.Twins)
            {
                slots[0] = t;
                if (filter(_frame)) matches.Add(t);
            }
        }
        Output(matches, counting, sort: true);
    }

    /// <summary>
    /// The twins in id order from a cached view, with the prefilter's column when that view is ready; <c>null</c> when
    /// no view is ready (the caller reads the dictionary).
    /// </summary>
    private Twin[]? SortedStarts(out double[]? column)
    {
        column = null;
        if (_plan.Prefilter is { } prefilter && SnapshotIndexes.NumberColumn(_graph.Twins, prefilter.Property) is { } c)
        {
            column = c.Values;
            return c.Twins;
        }
        // Each query asks for a view once: a graph traversal has asked already.
        return (_plan.Kind == PlanKind.Graph ? _twinIndex : SnapshotIndexes.Twins(_graph.Twins))?.Sorted;
    }

    private void Output(List<Twin> matches, bool counting, bool sort)
    {
        if (counting)
        {
            _count = matches.Count;
            return;
        }
        if (sort) matches.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        if (_matches is not null)
        {
            _matches.Twins.AddRange(matches);
            return;
        }
        var slots = _frame.Slots;
        var n = (int)Math.Min(matches.Count, _limit);
        for (var i = 0; i < n; i++)
        {
            slots[0] = matches[i];
            if (_plan.Select == SelectKind.All) _json.TwinRow(matches[i]);
            else Project();
        }
    }

    private void ScanRelationships()
    {
        var filter = _plan.Filter;
        var slots = _frame.Slots;
        var matches = new List<Relationship>();
        void Consider(Relationship r)
        {
            slots[0] = r;
            if (filter is null || filter(_frame)) matches.Add(r);
        }

        if (_plan.Pin is { Kind: PinKind.SourceId } sources)
        {
            foreach (var id in sources.Ids)
                if (_graph.Outgoing.TryGetValue(id, out var rels))
                    foreach (var (_, r) in rels) Consider(r);
        }
        else if (_plan.Pin is { Kind: PinKind.TargetId } targets)
        {
            foreach (var id in targets.Ids)
                if (_graph.Incoming.TryGetValue(id, out var keys))
                    foreach (var k in keys)
                        if (FindRelationship(k) is { } r) Consider(r);
        }
        else
        {
            foreach (var (_, rels) in _graph.Outgoing)
                foreach (var (_, r) in rels) Consider(r);
        }
        if (_plan.Select == SelectKind.Count && _matches is null)
        {
            _count = matches.Count;
            return;
        }
        matches.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.SourceId, b.SourceId);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        if (_matches is not null)
        {
            _matches.Relationships.AddRange(matches);
            return;
        }
        var n = (int)Math.Min(matches.Count, _limit);
        for (var i = 0; i < n; i++)
        {
            slots[0] = matches[i];
            if (_plan.Select == SelectKind.All) _json.RelationshipRow(matches[i]);
            else Project();
        }
    }

    private Relationship? FindRelationship(RelationshipKey k) =>
        _graph.Outgoing.TryGetValue(k.SourceId, out var rels) && rels.TryGetValue(k.RelationshipId, out var r) ? r : null;

    private void Project()
    {
        if (!_json.Wanted)
        {
            _json.SkipRow();
            return;
        }
        _json.StartRow();
        foreach (var column in _plan.Columns)
        {
            var v = column.Value(_frame);
            if (v.IsDefined) _json.Column(column.Key, v);
        }
        _json.EndRow();
    }

    // ------------------------------------------------------------------ graph traversal

    /// <summary>A way to continue a step: the relationship (null after several hops) and the twin reached.</summary>
    private readonly record struct Candidate(Relationship? Relationship, string TwinId);

    private static readonly Comparison<Candidate> CandidateOrder = static (a, b) =>
    {
        var c = string.CompareOrdinal(a.TwinId, b.TwinId);
        if (c != 0 || a.Relationship is null || b.Relationship is null) return c;
        c = string.CompareOrdinal(a.Relationship.SourceId, b.Relationship.SourceId);
        return c != 0 ? c : string.CompareOrdinal(a.Relationship.Id, b.Relationship.Id);
    };

    private List<Candidate>[] _buffers = [];
    private string[] _ids = [];
    private Adjacency? _adjacency;
    private TwinIndex? _twinIndex;

    private bool Needed(int slot) => ((_plan.NeededSlots >> slot) & 1) != 0;

    private void Traverse()
    {
        var steps = _plan.Steps;
        _buffers = new List<Candidate>[steps.Length];
        for (var i = 0; i < steps.Length; i++) _buffers[i] = [];
        _ids = new string[_plan.Slots.Length];
        if (_plan.Pin is null)
        {
            // A scan from every twin: worth the cached read views (a pinned start touches too little to need them).
            _adjacency = SnapshotIndexes.Adjacency(_graph);
            _twinIndex = SnapshotIndexes.Twins(_graph.Twins);
        }

        var start = _plan.StartSlot;
        var filter = _plan.StepFilters[0];
        var slots = _frame.Slots;
        var first = steps[0];
        var needStart = Needed(start) || filter is not null;
        var starts = new List<(string Id, Twin? Twin)>();
        var presorted = false;
        if (_plan.Pin is { } pin)
        {
            foreach (var id in pin.Ids)
                if (_graph.Twins.TryGetValue(id, out var t)) starts.Add((id, t));
        }
        else
        {
            var counting = _plan.Select == SelectKind.Count;
            var keysSuffice = !needStart && first.Direction != EdgeDirection.Both;
            double[]? column = null;
            var sorted = keysSuffice && counting ? null : SortedStarts(out column);
            if (sorted is not null)
            {
                var prefilter = _plan.Prefilter!;
                for (var i = 0; i < sorted.Length; i++)
                    if (column is null || prefilter.Test(column[i]))
                        ConsiderStart(sorted[i].Id, sorted[i]);
                presorted = true;
            }
            else if (keysSuffice)
            {
                // Only twins with a relationship the first step can follow yield rows: the index keys are those twins.
                if (_adjacency is not null)
                    foreach (var (id, _) in first.Direction == EdgeDirection.Out ? _adjacency.Outgoing : _adjacency.Incoming) starts.Add((id, null));
                else if (first.Direction == EdgeDirection.Out)
                    foreach (var (id, _) in _graph.Outgoing) starts.Add((id, null));
                else
                    foreach (var (id, _) in _graph.Incoming) starts.Add((id, null));
            }
            else
            {
                foreach (var (id, t) in _graph.Twins) ConsiderStart(id, t);
            }
            filter = null; // applied by ConsiderStart
        }

        void ConsiderStart(string id, Twin t)
        {
            if (filter is not null)
            {
                slots[start] = t;
                if (!filter(_frame)) return;
            }
            else if (first.Direction != EdgeDirection.Both && !HasRelationships(id, first.Direction))
            {
                return;
            }
            starts.Add((id, t));
        }

        // Counting needs no order; everything else starts from twins in id order.
        if (!presorted && _plan.Select != SelectKind.Count) starts.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        foreach (var (id, t) in starts)
        {
            _ids[start] = id;
            slots[start] = t;
            if (filter is not null && !filter(_frame)) continue;
            Step(0);
            if (_done) return;
        }
    }

    private bool HasRelationships(string twinId, EdgeDirection direction) => _adjacency is { } a
        ? (direction == EdgeDirection.Out ? a.Outgoing : a.Incoming).ContainsKey(twinId)
        : direction == EdgeDirection.Out ? _graph.Outgoing.ContainsKey(twinId) : _graph.Incoming.ContainsKey(twinId);

    private void Step(int k)
    {
        var steps = _plan.Steps;
        if (k == steps.Length)
        {
            Emit();
            return;
        }
        var step = steps[k];
        var slots = _frame.Slots;
        var buffer = _buffers[k];
        Expand(step, _ids[step.FromSlot], buffer);
        var filter = _plan.StepFilters[k + 1];
        if (filter is null && k + 1 == steps.Length && _plan.Select == SelectKind.Count && !step.ToAlreadyBound)
        {
            _count += buffer.Count;
            return;
        }
        var needTo = Needed(step.ToSlot);
        string? fixedId = step.ToAlreadyBound ? _ids[step.ToSlot] : null;
        foreach (var c in buffer)
        {
            if (fixedId is not null)
            {
                if (!string.Equals(fixedId, c.TwinId, StringComparison.Ordinal)) continue;
            }
            else
            {
                _ids[step.ToSlot] = c.TwinId;
                if (needTo)
                {
                    Twin? to;
                    if (_twinIndex is not null ? !_twinIndex.ById.TryGetValue(c.TwinId, out to) : !_graph.Twins.TryGetValue(c.TwinId, out to)) continue;
                    slots[step.ToSlot] = to;
                }
            }
            if (step.RelationshipSlot >= 0) slots[step.RelationshipSlot] = c.Relationship;
            if (filter is not null && !filter(_frame)) continue;
            Step(k + 1);
            if (_done) return;
        }
    }

    private void Emit()
    {
        if (_plan.Select == SelectKind.Count)
        {
            _count++;
            return;
        }
        Project();
        if (_json.Count >= _limit) _done = true;
    }

    /// <summary>Fills <paramref name="into"/> with the ways to continue from <paramref name="twinId"/>, sorted.</summary>
    private void Expand(GraphStep step, string twinId, List<Candidate> into)
    {
        into.Clear();
        if (step.MinHops == 1 && step.MaxHops == 1)
        {
            AddNeighbours(twinId, step, into);
            // The adjacency arrays are sorted already; only a two-way step merges two lists.
            if (into.Count > 1 && (_adjacency is null || step.Direction == EdgeDirection.Both)) into.Sort(CandidateOrder);
            return;
        }
        var reached = step.MinHops <= 1 ? ReachableWithin(twinId, step) : ReachableBySimplePaths(twinId, step);
        foreach (var id in reached) into.Add(new Candidate(null, id));
        into.Sort(CandidateOrder);
    }

    /// <summary>Relationships one hop from a twin that the step can follow.</summary>
    private void AddNeighbours(string twinId, GraphStep step, List<Candidate> into)
    {
        var names = step.Names;
        if (_adjacency is { } adjacency)
        {
            if (step.Direction != EdgeDirection.In && adjacency.Outgoing.TryGetValue(twinId, out var outgoing))
                foreach (var r in outgoing)
                    if (NameMatches(names, r.Name)) into.Add(new Candidate(r, r.TargetId));
            if (step.Direction != EdgeDirection.Out && adjacency.Incoming.TryGetValue(twinId, out var incoming))
                foreach (var r in incoming)
                    if (NameMatches(names, r.Name) && !(step.Direction == EdgeDirection.Both && string.Equals(r.SourceId, r.TargetId, StringComparison.Ordinal)))
                        into.Add(new Candidate(r, r.SourceId));
            return;
        }
        if (step.Direction != EdgeDirection.In && _graph.Outgoing.TryGetValue(twinId, out var rels))
            foreach (var (_, r) in rels)
                if (NameMatches(names, r.Name)) into.Add(new Candidate(r, r.TargetId));
        if (step.Direction != EdgeDirection.Out && _graph.Incoming.TryGetValue(twinId, out var keys))
            foreach (var k in keys)
            {
                if (FindRelationship(k) is not { } r || !NameMatches(names, r.Name)) continue;
                // A self-relationship followed both ways is still one relationship.
                if (step.Direction == EdgeDirection.Both && string.Equals(r.SourceId, r.TargetId, StringComparison.Ordinal)) continue;
                into.Add(new Candidate(r, r.SourceId));
            }
    }

    private static bool NameMatches(string[] names, string name)
    {
        if (names.Length == 0) return true;
        foreach (var n in names)
            if (string.Equals(n, name, StringComparison.Ordinal)) return true;
        return false;
    }

    private readonly List<Candidate> _hop = [];

    /// <summary>Twins reachable in 1..max hops (breadth-first; the start itself excluded, since a path may not revisit it).</summary>
    private HashSet<string> ReachableWithin(string startId, GraphStep step) => [.. Distances(startId, step).Keys];

    /// <summary>Shortest distance (1..max hops) of every twin reachable from the start, which is excluded.</summary>
    private Dictionary<string, int> Distances(string startId, GraphStep step)
    {
        var distance = new Dictionary<string, int>(StringComparer.Ordinal);
        var frontier = new List<string> { startId };
        var next = new List<string>();
        for (var depth = 1; depth <= step.MaxHops && frontier.Count > 0; depth++)
        {
            next.Clear();
            foreach (var id in frontier)
            {
                _hop.Clear();
                AddNeighbours(id, step, _hop);
                foreach (var c in _hop)
                    if (!string.Equals(c.TwinId, startId, StringComparison.Ordinal) && distance.TryAdd(c.TwinId, depth))
                        next.Add(c.TwinId);
            }
            (frontier, next) = (next, frontier);
        }
        return distance;
    }

    /// <summary>
    /// Twins at the end of a simple path (no twin twice) of min..max hops. A twin whose shortest distance is at least
    /// min qualifies by its shortest path; for the others a longer simple path is searched depth-first, stopping as soon
    /// as every reachable twin is known to qualify.
    /// </summary>
    private HashSet<string> ReachableBySimplePaths(string startId, GraphStep step)
    {
        var distance = Distances(startId, step);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, d) in distance)
            if (d >= step.MinHops) reached.Add(id);
        if (reached.Count == distance.Count) return reached;

        var onPath = new HashSet<string>(StringComparer.Ordinal) { startId };
        var levels = new List<Candidate>[step.MaxHops + 1];
        bool Walk(string id, int depth)
        {
            if (depth >= step.MinHops && reached.Add(id) && reached.Count == distance.Count) return true;
            if (depth == step.MaxHops) return false;
            var level = levels[depth] ??= [];
            level.Clear();
            AddNeighbours(id, step, level);
            // Deeper calls use the lists of deeper levels, so this level's list stays intact while it is walked.
            var count = level.Count;
            for (var i = 0; i < count; i++)
            {
                var next = level[i].TwinId;
                if (!onPath.Add(next)) continue;
                var done = Walk(next, depth + 1);
                onPath.Remove(next);
                if (done) return true;
            }
            return false;
        }
        Walk(startId, 0);
        return reached;
    }
}
