using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Binds a <see cref="QueryAst"/> to aliases and compiles it into a <see cref="QueryPlan"/>: the WHERE clause becomes a
/// tree of delegates, split into conjuncts scheduled as early as the traversal allows, and <c>$dtId</c> equalities
/// become start points so that traversal does not scan.
/// </summary>
internal sealed class QueryCompiler
{
    private const int MaxSlots = 64;

    private readonly QueryAst _ast;
    private readonly List<Slot> _slots = [];
    private readonly Dictionary<string, Slot> _aliases = new(StringComparer.Ordinal);
    private readonly List<Edge> _edges = [];
    private bool _bare;
    private int _modelCaches;
    private ulong _mask;

    private sealed record Edge(int From, int To, int Relationship, string[] Names, EdgeDirection Direction, int MinHops, int MaxHops);

    private QueryCompiler(QueryAst ast) => _ast = ast;

    /// <summary>Compiles a parsed query.</summary>
    /// <exception cref="QuerySyntaxException">An alias is unknown or declared twice, or a function is misused.</exception>
    public static QueryPlan Compile(QueryAst ast) => new QueryCompiler(ast).Compile();

    private QueryPlan Compile()
    {
        BindFrom(_ast.From);
        _mask = 0;
        var columns = CompileColumns(_ast.Select);
        if (_ast.Select.Kind == SelectKind.All)
            foreach (var s in _slots)
                if (s.Alias is not null) _mask |= 1UL << s.Index;
        var columnMask = _mask;

        var conjuncts = new List<Expr>();
        if (_ast.Where is { } where) Flatten(where, conjuncts);

        if (_ast.From.Joins.Count == 0 && _ast.From.Match is null)
        {
            var filter = _ast.Where is null ? null : CompilePredicate(_ast.Where);
            Pin? pin = null;
            foreach (var c in conjuncts)
                if (TryPin(c) is { Slot: 0 } p && (p.Kind == PinKind.TwinId) == (_slots[0].Kind == SlotKind.Twin))
                {
                    pin = p;
                    break;
                }
            NumericPrefilter? prefilter = null;
            StringLookup? lookup = null;
            if (_slots[0].Kind == SlotKind.Twin)
            {
                foreach (var c in conjuncts)
                    if ((prefilter = TryPrefilter(c, 0)) is not null) break;
                if (pin is null)
                    foreach (var c in conjuncts)
                        if ((lookup = TryLookup(c)) is not null) break;
            }
            return new QueryPlan
            {
                Kind = _slots[0].Kind == SlotKind.Twin ? PlanKind.TwinScan : PlanKind.RelationshipScan,
                Prefilter = prefilter,
                Lookup = lookup,
                Slots = [.. _slots],
                Select = _ast.Select.Kind,
                Columns = columns,
                Top = _ast.Select.Top,
                Filter = filter,
                Pin = pin,
                ModelCaches = _modelCaches,
            };
        }
        return CompileGraph(columns, columnMask, conjuncts);
    }

    // ------------------------------------------------------------------ FROM

    private Slot AddSlot(Name? alias, SlotKind kind)
    {
        if (_slots.Count == MaxSlots)
            throw new QuerySyntaxException(alias?.Position ?? 0, $"expected at most {MaxSlots} aliases and MATCH nodes");
        var slot = new Slot(alias?.Text, kind, _slots.Count);
        if (alias is not null)
        {
            if (_aliases.ContainsKey(alias.Text))
                throw new QuerySyntaxException(alias.Position, $"expected a new alias but found '{alias.Text}', which is already declared");
            _aliases[alias.Text] = slot;
        }
        _slots.Add(slot);
        return slot;
    }

    private void BindFrom(FromClause from)
    {
        if (from.Match is { } match)
        {
            // Bind in textual order so that a clash is reported where the second declaration is.
            int Node(NodePattern node) =>
                node.Alias is { } a && _aliases.TryGetValue(a.Text, out var existing) && existing.Kind == SlotKind.Twin
                    ? existing.Index
                    : AddSlot(node.Alias, SlotKind.Twin).Index;
            var from0 = Node(match.Nodes[0]);
            for (var i = 0; i < match.Edges.Count; i++)
            {
                var e = match.Edges[i];
                var rel = e.Alias is null ? -1 : AddSlot(e.Alias, SlotKind.Relationship).Index;
                var to = Node(match.Nodes[i + 1]);
                _edges.Add(new Edge(from0, to, rel, [.. e.Names], e.Direction, e.MinHops, e.MaxHops));
                from0 = to;
            }
            return;
        }

        AddSlot(from.Alias, from.Kind == CollectionKind.Twins ? SlotKind.Twin : SlotKind.Relationship);
        _bare = from.Alias is null && from.Joins.Count == 0;
        foreach (var join in from.Joins)
        {
            var source = LookupAlias(join.Source);
            if (source.Kind != SlotKind.Twin)
                throw new QuerySyntaxException(join.Source.Position,
                    $"expected a twin alias before '.{join.RelationshipName.Text}' but found '{join.Source.Text}', a relationship alias");
            var target = AddSlot(join.Target, SlotKind.Twin);
            var rel = join.RelationshipAlias is null ? -1 : AddSlot(join.RelationshipAlias, SlotKind.Relationship).Index;
            _edges.Add(new Edge(source.Index, target.Index, rel, [join.RelationshipName.Text], EdgeDirection.Out, 1, 1));
        }
    }

    private Slot LookupAlias(Name name)
    {
        if (_aliases.TryGetValue(name.Text, out var slot)) return slot;
        throw UnknownAlias(name);
    }

    private QuerySyntaxException UnknownAlias(Name name)
    {
        var known = _aliases.Keys.ToArray();
        var expected = known.Length == 0 ? "a property name (the collection has no alias)" : $"an alias ({string.Join(", ", known)})";
        return new QuerySyntaxException(name.Position, $"expected {expected} but found unknown alias '{name.Text}'");
    }

    // ------------------------------------------------------------------ SELECT

    private OutputColumn[] CompileColumns(SelectClause select)
    {
        switch (select.Kind)
        {
            case SelectKind.Count:
                return [];
            case SelectKind.All:
                if (_ast.From.Joins.Count == 0 && _ast.From.Match is null) return [];
                return _slots.Where(s => s.Alias is not null).Select(s => new OutputColumn(s.Alias!, SlotValue(s))).ToArray();
        }
        var columns = new List<OutputColumn>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in select.Items)
        {
            var value = CompilePath(p.Path);
            var key = p.As ?? p.Path.Segments[^1].Text;
            if (!keys.Add(key))
                throw new QuerySyntaxException(p.Path.Position,
                    $"expected distinct projection names but '{key}' appears twice; rename one with AS");
            columns.Add(new OutputColumn(key, value));
        }
        return [.. columns];
    }

    private static Scalar SlotValue(Slot s)
    {
        var i = s.Index;
        return s.Kind == SlotKind.Twin
            ? f => f.Slots[i] is Twin t ? QValue.FromTwin(t) : QValue.Undefined
            : f => f.Slots[i] is Relationship r ? QValue.FromRelationship(r) : QValue.Undefined;
    }

    // ------------------------------------------------------------------ graph plans

    private QueryPlan CompileGraph(OutputColumn[] columns, ulong columnMask, List<Expr> conjuncts)
    {
        var compiled = new List<(Predicate Predicate, ulong Mask)>();
        var needed = columnMask;
        foreach (var c in conjuncts)
        {
            _mask = 0;
            var p = CompilePredicate(c);
            compiled.Add((p, _mask));
            needed |= _mask;
        }

        // Start where the WHERE clause pins a twin alias to given ids; otherwise at the first twin alias with a
        // condition of its own (the scan of start twins evaluates it, so fewer twins are expanded); otherwise at the
        // first alias.
        Pin? pin = null;
        foreach (var c in conjuncts)
            if (TryPin(c) is { Kind: PinKind.TwinId } p)
            {
                pin = p;
                break;
            }
        var start = pin?.Slot ?? -1;
        if (start < 0)
            foreach (var s in _slots)
                if (s.Kind == SlotKind.Twin && compiled.Exists(c => c.Mask == 1UL << s.Index))
                {
                    start = s.Index;
                    break;
                }
        if (start < 0) start = 0;
        NumericPrefilter? prefilter = null;
        if (pin is null)
            foreach (var c in conjuncts)
                if ((prefilter = TryPrefilter(c, start)) is not null) break;

        var bound = 1UL << start;
        var used = new bool[_edges.Count];
        var steps = new List<GraphStep>();
        var boundAfter = new List<ulong> { bound };
        for (var n = 0; n < _edges.Count; n++)
        {
            var i = -1;
            for (var j = 0; j < _edges.Count; j++)
                if (!used[j] && (((bound >> _edges[j].From) & 1) != 0 || ((bound >> _edges[j].To) & 1) != 0))
                {
                    i = j;
                    break;
                }
            if (i < 0) throw new InvalidOperationException("MATCH and JOIN patterns are connected; an edge was unreachable.");
            var e = _edges[i];
            used[i] = true;
            var fromBound = ((bound >> e.From) & 1) != 0;
            var toBound = ((bound >> e.To) & 1) != 0;
            var step = fromBound
                ? new GraphStep(e.From, e.To, e.Relationship, e.Names, e.Direction, e.MinHops, e.MaxHops, toBound)
                : new GraphStep(e.To, e.From, e.Relationship, e.Names, Reverse(e.Direction), e.MinHops, e.MaxHops, false);
            steps.Add(step);
            bound |= (1UL << e.From) | (1UL << e.To);
            if (e.Relationship >= 0) bound |= 1UL << e.Relationship;
            boundAfter.Add(bound);
        }

        var filters = new Predicate?[boundAfter.Count];
        var scheduled = new bool[compiled.Count];
        for (var k = 0; k < boundAfter.Count; k++)
        {
            var now = new List<Predicate>();
            for (var c = 0; c < compiled.Count; c++)
                if (!scheduled[c] && (compiled[c].Mask & ~boundAfter[k]) == 0)
                {
                    scheduled[c] = true;
                    now.Add(compiled[c].Predicate);
                }
            filters[k] = All(now);
        }

        return new QueryPlan
        {
            Kind = PlanKind.Graph,
            Slots = [.. _slots],
            Select = _ast.Select.Kind,
            Columns = columns,
            Top = _ast.Select.Top,
            Pin = pin,
            StartSlot = start,
            Prefilter = prefilter,
            Steps = [.. steps],
            StepFilters = filters,
            NeededSlots = needed,
            ModelCaches = _modelCaches,
        };
    }

    private static EdgeDirection Reverse(EdgeDirection d) => d switch
    {
        EdgeDirection.Out => EdgeDirection.In,
        EdgeDirection.In => EdgeDirection.Out,
        _ => EdgeDirection.Both,
    };

    private static Predicate? All(List<Predicate> predicates)
    {
        switch (predicates.Count)
        {
            case 0: return null;
            case 1: return predicates[0];
            case 2:
                var a = predicates[0];
                var b = predicates[1];
                return f => a(f) && b(f);
        }
        var all = predicates.ToArray();
        return f =>
        {
            foreach (var p in all)
                if (!p(f)) return false;
            return true;
        };
    }

    private static void Flatten(Expr e, List<Expr> into)
    {
        if (e is AndExpr a)
        {
            Flatten(a.Left, into);
            Flatten(a.Right, into);
        }
        else into.Add(e);
    }

    /// <summary>Recognises <c>X.$dtId = 'id'</c> / <c>X.$dtId IN [...]</c> (and <c>$sourceId</c>/<c>$targetId</c> on relationships).</summary>
    private Pin? TryPin(Expr e)
    {
        PathExpr? path;
        string[] ids;
        switch (e)
        {
            case CompareExpr { Op: CompareOp.Equal, Left: PathExpr p, Right: LiteralExpr { Kind: LiteralKind.String } l }:
                (path, ids) = (p, [l.String!]);
                break;
            case CompareExpr { Op: CompareOp.Equal, Left: LiteralExpr { Kind: LiteralKind.String } l, Right: PathExpr p }:
                (path, ids) = (p, [l.String!]);
                break;
            case InExpr { Negated: false, Value: PathExpr p } i when i.Items.All(x => x.Kind == LiteralKind.String):
                (path, ids) = (p, i.Items.Select(x => x.String!).Distinct(StringComparer.Ordinal).ToArray());
                break;
            default:
                return null;
        }
        var (slot, start) = Resolve(path);
        if (path.Segments.Count - start != 1) return null;
        var field = path.Segments[start].Text;
        PinKind? kind = (slot.Kind, field) switch
        {
            (SlotKind.Twin, "$dtId") => PinKind.TwinId,
            (SlotKind.Relationship, "$sourceId") => PinKind.SourceId,
            (SlotKind.Relationship, "$targetId") => PinKind.TargetId,
            _ => null,
        };
        return kind is { } k ? new Pin(slot.Index, k, ids) : null;
    }

    /// <summary>Recognises <c>X.property op number</c> (either way round) on the twin alias in <paramref name="slot"/>.</summary>
    private NumericPrefilter? TryPrefilter(Expr e, int slot)
    {
        if (e is not CompareExpr c) return null;
        var (path, number, op) = (c.Left, c.Right) switch
        {
            (PathExpr p, LiteralExpr { Kind: LiteralKind.Number } n) => (p, n.Number, c.Op),
            (LiteralExpr { Kind: LiteralKind.Number } n, PathExpr p) => (p, n.Number, Flip(c.Op)),
            _ => default((PathExpr?, double, CompareOp)),
        };
        if (path is null) return null;
        var (s, start) = Resolve(path);
        if (s.Index != slot || s.Kind != SlotKind.Twin || path.Segments.Count - start != 1) return null;
        var name = path.Segments[start].Text;
        return name.StartsWith('$') ? null : new NumericPrefilter(name, op, number);
    }

    /// <summary>Recognises <c>X.property = 'text'</c> (either way round) and <c>X.property IN ['a', …]</c> on the twin in slot 0.</summary>
    private StringLookup? TryLookup(Expr e)
    {
        PathExpr? path;
        string[] values;
        switch (e)
        {
            case CompareExpr { Op: CompareOp.Equal, Left: PathExpr p, Right: LiteralExpr { Kind: LiteralKind.String } l }:
                (path, values) = (p, [l.String!]);
                break;
            case CompareExpr { Op: CompareOp.Equal, Left: LiteralExpr { Kind: LiteralKind.String } l, Right: PathExpr p }:
                (path, values) = (p, [l.String!]);
                break;
            case InExpr { Negated: false, Value: PathExpr p } i when i.Items.Count > 0 && i.Items.All(x => x.Kind == LiteralKind.String):
                (path, values) = (p, i.Items.Select(x => x.String!).Distinct(StringComparer.Ordinal).ToArray());
                break;
            default:
                return null;
        }
        var (s, start) = Resolve(path);
        if (s.Index != 0 || s.Kind != SlotKind.Twin || path.Segments.Count - start != 1) return null;
        var name = path.Segments[start].Text;
        return name.StartsWith('$') ? null : new StringLookup(name, values);
    }

    // ------------------------------------------------------------------ expressions

    private (Slot Slot, int Start) Resolve(PathExpr p)
    {
        if (_bare) return (_slots[0], 0);
        return (LookupAlias(p.Segments[0]), 1);
    }

    private Predicate CompilePredicate(Expr e)
    {
        switch (e)
        {
            case AndExpr a:
            {
                var l = CompilePredicate(a.Left);
                var r = CompilePredicate(a.Right);
                return f => l(f) && r(f);
            }
            case OrExpr o:
            {
                var l = CompilePredicate(o.Left);
                var r = CompilePredicate(o.Right);
                return f => l(f) || r(f);
            }
            case NotExpr n:
            {
                var inner = CompilePredicate(n.Inner);
                return f => !inner(f);
            }
            case CompareExpr c:
                return CompileCompare(c);
            case InExpr i:
                return CompileIn(i);
            case FunctionExpr fn:
                return CompileFunction(fn);
            case LiteralExpr lit:
            {
                var b = lit.Kind == LiteralKind.Bool && lit.Bool;
                return _ => b;
            }
            case PathExpr p:
            {
                var s = CompilePath(p);
                return f =>
                {
                    var v = s(f);
                    return v.Kind == QKind.Bool && v.Bool;
                };
            }
            default:
                throw new InvalidOperationException($"Unexpected expression {e.GetType().Name}.");
        }
    }

    private Scalar CompileScalar(Expr e)
    {
        switch (e)
        {
            case LiteralExpr lit:
            {
                var v = lit.ToValue();
                return _ => v;
            }
            case PathExpr p:
                return CompilePath(p);
            default:
            {
                var pred = CompilePredicate(e);
                return f => QValue.FromBool(pred(f));
            }
        }
    }

    private static CompareOp Flip(CompareOp op) => op switch
    {
        CompareOp.Less => CompareOp.Greater,
        CompareOp.LessOrEqual => CompareOp.GreaterOrEqual,
        CompareOp.Greater => CompareOp.Less,
        CompareOp.GreaterOrEqual => CompareOp.LessOrEqual,
        _ => op,
    };

    private Predicate CompileCompare(CompareExpr c)
    {
        if (c.Right is LiteralExpr rl && c.Left is not LiteralExpr)
            return CompareToConstant(CompileScalar(c.Left), c.Op, rl.ToValue());
        if (c.Left is LiteralExpr ll && c.Right is not LiteralExpr)
            return CompareToConstant(CompileScalar(c.Right), Flip(c.Op), ll.ToValue());
        var l = CompileScalar(c.Left);
        var r = CompileScalar(c.Right);
        var op = c.Op;
        return f => QValue.Compare(l(f), op, r(f));
    }

    /// <summary>Specialised comparisons against a literal: the common shape, kept branch-light.</summary>
    private static Predicate CompareToConstant(Scalar s, CompareOp op, QValue k)
    {
        if (k.Kind == QKind.Number)
        {
            var d = k.Number;
            return op switch
            {
                CompareOp.Equal => f => s(f) is { Kind: QKind.Number } v && v.Number == d,
                CompareOp.NotEqual => f => s(f) is { Kind: QKind.Number } v && v.Number != d,
                CompareOp.Less => f => s(f) is { Kind: QKind.Number } v && v.Number < d,
                CompareOp.LessOrEqual => f => s(f) is { Kind: QKind.Number } v && v.Number <= d,
                CompareOp.Greater => f => s(f) is { Kind: QKind.Number } v && v.Number > d,
                _ => f => s(f) is { Kind: QKind.Number } v && v.Number >= d,
            };
        }
        if (k.Kind == QKind.String && op == CompareOp.Equal)
        {
            var str = k.GetString();
            return f =>
            {
                var v = s(f);
                if (v.Kind != QKind.String) return false;
                return v.HasElement ? v.Element.ValueEquals(str) : string.Equals(v.GetString(), str, StringComparison.Ordinal);
            };
        }
        return f => QValue.Compare(s(f), op, k);
    }

    private Predicate CompileIn(InExpr i)
    {
        var s = CompileScalar(i.Value);
        var items = i.Items.Select(x => x.ToValue()).ToArray();
        var negated = i.Negated;
        return f =>
        {
            var v = s(f);
            if (!v.IsDefined) return false;
            foreach (var item in items)
                if (QValue.AreEqual(v, item)) return !negated;
            return negated;
        };
    }

    private Predicate CompileFunction(FunctionExpr fn)
    {
        switch (fn.Name)
        {
            case "IS_OF_MODEL":
                return CompileIsOfModel(fn);
            case "STARTSWITH":
                return StringFunction(fn, static (a, b) => a.StartsWith(b, StringComparison.Ordinal));
            case "ENDSWITH":
                return StringFunction(fn, static (a, b) => a.EndsWith(b, StringComparison.Ordinal));
            case "CONTAINS":
                return StringFunction(fn, static (a, b) => a.Contains(b, StringComparison.Ordinal));
            case "ARRAY_CONTAINS":
            {
                var arr = CompileScalar(fn.Arguments[0]);
                var item = CompileScalar(fn.Arguments[1]);
                return f =>
                {
                    var a = arr(f);
                    if (a.Kind != QKind.Array) return false;
                    var v = item(f);
                    if (!v.IsDefined) return false;
                    foreach (var e in a.Element.EnumerateArray())
                        if (QValue.AreEqual(QValue.FromElement(e), v)) return true;
                    return false;
                };
            }
        }
        var s = CompileScalar(fn.Arguments[0]);
        return fn.Name switch
        {
            "IS_DEFINED" => f => s(f).IsDefined,
            "IS_NULL" => f => s(f).Kind == QKind.Null,
            "IS_BOOL" => f => s(f).Kind == QKind.Bool,
            "IS_NUMBER" => f => s(f).Kind == QKind.Number,
            "IS_STRING" => f => s(f).Kind == QKind.String,
            "IS_PRIMITIVE" => f => s(f).IsPrimitive,
            "IS_OBJECT" => f => s(f).IsObject,
            _ => throw new QuerySyntaxException(fn.Position, $"expected a known function but found '{fn.Name}'"),
        };
    }

    private Predicate StringFunction(FunctionExpr fn, Func<string, string, bool> test)
    {
        var a = CompileScalar(fn.Arguments[0]);
        if (fn.Arguments[1] is LiteralExpr { Kind: LiteralKind.String } lit)
        {
            var b = lit.String!;
            return f => a(f) is { Kind: QKind.String } v && test(v.GetString(), b);
        }
        var bs = CompileScalar(fn.Arguments[1]);
        return f => a(f) is { Kind: QKind.String } v && bs(f) is { Kind: QKind.String } w && test(v.GetString(), w.GetString());
    }

    private Predicate CompileIsOfModel(FunctionExpr fn)
    {
        var args = fn.Arguments;
        var k = 0;
        Slot slot;
        if (args[0] is PathExpr { Segments.Count: 1 } p0 && !_bare)
        {
            slot = LookupAlias(p0.Segments[0]);
            if (slot.Kind != SlotKind.Twin)
                throw new QuerySyntaxException(p0.Position,
                    $"expected a twin alias in IS_OF_MODEL but found '{p0.Segments[0].Text}', a relationship alias");
            k = 1;
        }
        else
        {
            var twins = _slots.Where(s => s.Kind == SlotKind.Twin).ToArray();
            if (twins.Length != 1)
                throw new QuerySyntaxException(args[0].Position, twins.Length == 0
                    ? "expected a twin collection for IS_OF_MODEL but the query reads RELATIONSHIPS"
                    : "expected an alias as the first argument of IS_OF_MODEL (the query has several twin collections)");
            slot = twins[0];
        }
        if (k >= args.Count || args[k] is not LiteralExpr { Kind: LiteralKind.String } model)
        {
            var pos = k < args.Count ? args[k].Position : fn.Position;
            throw new QuerySyntaxException(pos, $"expected a model id string ('dtmi:…;1') as argument {k + 1} of IS_OF_MODEL");
        }
        var exact = false;
        if (args.Count > k + 1)
        {
            if (args[k + 1] is not PathExpr { Segments.Count: 1 } flag || !flag.Segments[0].Text.Equals("exact", StringComparison.OrdinalIgnoreCase))
                throw new QuerySyntaxException(args[k + 1].Position, $"expected 'exact' as argument {k + 2} of IS_OF_MODEL");
            exact = true;
        }
        if (args.Count > k + 2)
            throw new QuerySyntaxException(args[k + 2].Position, "expected ')' after 'exact' in IS_OF_MODEL");

        var index = slot.Index;
        _mask |= 1UL << index;
        var id = model.String!;
        if (exact) return f => f.Slots[index] is Twin t && string.Equals(t.ModelId, id, StringComparison.Ordinal);
        var cache = _modelCaches++;
        return f =>
        {
            if (f.Slots[index] is not Twin t) return false;
            if (string.Equals(t.ModelId, id, StringComparison.Ordinal)) return true;
            var known = f.ModelCaches[cache] ??= new Dictionary<string, bool>(StringComparer.Ordinal);
            if (!known.TryGetValue(t.ModelId, out var result))
                known[t.ModelId] = result = f.Graph.Models.IsAssignableTo(t.ModelId, id);
            return result;
        };
    }

    // ------------------------------------------------------------------ paths

    private Scalar CompilePath(PathExpr p)
    {
        var (slot, start) = Resolve(p);
        _mask |= 1UL << slot.Index;
        var index = slot.Index;
        var segments = p.Segments.Skip(start).Select(s => s.Text).ToArray();
        if (segments.Length == 0) return SlotValue(slot);

        if (slot.Kind == SlotKind.Twin && segments.Length == 1 && !segments[0].StartsWith('$'))
        {
            // T.property: the hot path of most filters.
            var name = segments[0];
            return f =>
            {
                var t = (Twin)f.Slots[index]!;
                if (t.Properties.TryGetValue(name, out var prop)) return QValue.FromElement(prop.Value);
                return t.Components.TryGetValue(name, out var c) ? QValue.FromReference(QKind.Component, c) : QValue.Undefined;
            };
        }
        var root = SlotValue(slot);
        return f =>
        {
            var v = root(f);
            foreach (var s in segments)
            {
                v = PathNavigator.Step(v, s);
                if (v.Kind == QKind.Undefined) break;
            }
            return v;
        };
    }
}
