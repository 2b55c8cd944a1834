namespace TwinLab.Core.Models;

/// <summary>
/// The rules that span interfaces: references resolve (to the batch or to existing models), <c>extends</c> has no
/// cycles and stays within the depth and size limits, names stay unique through the hierarchy, and components
/// do not nest.
/// </summary>
/// <remarks>
/// Each interface is summarised once, bases first (post-order over <c>extends</c>), and its summary reused by every
/// interface deriving from it, so the work is linear in the size of the inherited contents, not quadratic in the
/// number of interfaces.
/// </remarks>
internal sealed class DtdlHierarchyValidator(DtdlErrorSink errors, ModelSet existing, NamedSchemaRegistry schemas)
{
    /// <summary>What derived interfaces need to know about one interface.</summary>
    private sealed class Summary
    {
        public int Depth;
        public HashSet<string> Ancestors = [];
        /// <summary>Every content name in the hierarchy, with the interface that declares it.</summary>
        public Dictionary<string, string> Names = new(StringComparer.Ordinal);
        public bool HasComponents;
        /// <summary>Part of an extends cycle (or derives from one): limits cannot be measured.</summary>
        public bool Broken;
        public bool OverLimit;
    }

    private readonly Dictionary<string, Summary> _existing = new(StringComparer.Ordinal);

    /// <summary>Checks every parsed entry of the batch.</summary>
    /// <param name="entries">Entries in batch order.</param>
    /// <param name="byId">The entry that owns each id (the first, when an id is duplicated).</param>
    public void Validate(IReadOnlyList<InterfaceEntry> entries, IReadOnlyDictionary<string, InterfaceEntry> byId)
    {
        var live = entries.Where(e => e.Interface is not null).ToArray();
        foreach (var e in live) CheckReferencesResolve(e, byId);

        var summaries = new Dictionary<InterfaceEntry, Summary>(ReferenceEqualityComparer.Instance);
        foreach (var e in live) Summarise(e, byId, summaries);

        foreach (var e in live)
            foreach (var c in e.Components)
            {
                var target = byId.TryGetValue(c.Id, out var t) ? summaries.GetValueOrDefault(t) : existing.Contains(c.Id) ? Existing(c.Id) : null;
                if (target is { HasComponents: true })
                    errors.Add(e.Scope, c.Path, DtdlRules.NestedComponent,
                        $"Component schema '{c.Id}' has components of its own; DTDL does not allow components to nest.");
            }
    }

    private void CheckReferencesResolve(InterfaceEntry e, IReadOnlyDictionary<string, InterfaceEntry> byId)
    {
        bool Known(string id) => byId.ContainsKey(id) || existing.Contains(id);
        foreach (var r in e.Extends)
            if (!Known(r.Id))
                errors.Add(e.Scope, r.Path, DtdlRules.UnresolvedReference,
                    $"Interface '{e.Id}' extends '{r.Id}', which is neither in this batch nor an existing model.");
        foreach (var r in e.Components)
            if (!Known(r.Id))
                errors.Add(e.Scope, r.Path, schemas.Contains(r.Id) ? DtdlRules.SchemaKind : DtdlRules.UnresolvedReference,
                    schemas.Contains(r.Id)
                        ? $"Component schema '{r.Id}' is a complex schema; a Component's schema must be an interface."
                        : $"Component schema '{r.Id}' is neither an interface in this batch nor an existing model.");
        foreach (var r in e.Targets)
            if (!Known(r.Id))
                errors.Add(e.Scope, r.Path, DtdlRules.UnresolvedReference,
                    $"Relationship target '{r.Id}' is neither an interface in this batch nor an existing model.");
    }

    /// <summary>Depth-first over extends (iteratively: hierarchies may be long), summarising bases before derived interfaces.</summary>
    private void Summarise(InterfaceEntry root, IReadOnlyDictionary<string, InterfaceEntry> byId, Dictionary<InterfaceEntry, Summary> done)
    {
        if (done.ContainsKey(root)) return;
        var onStack = new Dictionary<InterfaceEntry, int>(ReferenceEqualityComparer.Instance);
        var stack = new List<(InterfaceEntry Entry, int Next)> { (root, 0) };
        onStack[root] = 0;
        var cycleEdges = new HashSet<(InterfaceEntry, int)>();
        while (stack.Count > 0)
        {
            var (entry, next) = stack[^1];
            if (next < entry.Extends.Count)
            {
                stack[^1] = (entry, next + 1);
                if (!byId.TryGetValue(entry.Extends[next].Id, out var b) || b.Interface is null || done.ContainsKey(b)) continue;
                if (onStack.TryGetValue(b, out var at))
                {
                    var cycle = stack.Skip(at).Select(s => s.Entry.Id).Append(b.Id);
                    errors.Add(entry.Scope, entry.Extends[next].Path, DtdlRules.ExtendsCycle,
                        $"'extends' forms a cycle: {string.Join(" → ", cycle)}.");
                    cycleEdges.Add((entry, next));
                    continue;
                }
                onStack[b] = stack.Count;
                stack.Add((b, 0));
                continue;
            }
            stack.RemoveAt(stack.Count - 1);
            onStack.Remove(entry);
            done[entry] = Combine(entry, byId, done, cycleEdges);
        }
    }

    private Summary Combine(InterfaceEntry entry, IReadOnlyDictionary<string, InterfaceEntry> byId,
        Dictionary<InterfaceEntry, Summary> done, HashSet<(InterfaceEntry, int)> cycleEdges)
    {
        var own = entry.Interface!;
        var s = new Summary();
        foreach (var (name, content) in own.Contents)
        {
            s.Names[name] = own.Id;
            if (content is DtdlComponent) s.HasComponents = true;
        }
        var baseOverLimit = false;
        for (var i = 0; i < entry.Extends.Count; i++)
        {
            var r = entry.Extends[i];
            if (cycleEdges.Contains((entry, i))) { s.Broken = true; continue; }
            Summary? b = byId.TryGetValue(r.Id, out var be)
                ? be.Interface is null ? null : done.GetValueOrDefault(be)
                : existing.Contains(r.Id) ? Existing(r.Id) : null;
            if (b is null) continue; // unresolved: reported already
            if (b.Broken) { s.Broken = true; continue; }
            baseOverLimit |= b.OverLimit;
            s.Depth = Math.Max(s.Depth, b.Depth + 1);
            s.Ancestors.Add(r.Id);
            s.Ancestors.UnionWith(b.Ancestors);
            s.HasComponents |= b.HasComponents;
            foreach (var (name, definer) in b.Names)
            {
                if (!s.Names.TryGetValue(name, out var first)) { s.Names[name] = definer; continue; }
                if (first == definer) continue; // the same element reached twice (diamond)
                if (first == own.Id)
                    errors.Add(entry.Scope, entry.ContentNamePaths.GetValueOrDefault(name, entry.Path), DtdlRules.DuplicateName,
                        $"'{name}' is already defined by '{definer}', which '{own.Id}' extends; a name must be unique through the extends hierarchy.");
                else
                    errors.Add(entry.Scope, r.Path, DtdlRules.DuplicateName,
                        $"'{name}' is defined both by '{first}' and by '{definer}', which '{own.Id}' both extend; a name must be unique through the extends hierarchy.");
            }
        }
        if (s.Broken || baseOverLimit) { s.OverLimit = baseOverLimit; return s; }

        // Report a limit only where it is first crossed, not again at every descendant.
        var extendsPath = entry.Path.Member("extends");
        if (s.Depth > DtdlLimits.MaxExtendsDepth)
        {
            errors.Add(entry.Scope, extendsPath, DtdlRules.ExtendsDepth,
                $"'{own.Id}' is {s.Depth} levels of 'extends' deep; DTDL allows at most {DtdlLimits.MaxExtendsDepth}.");
            s.OverLimit = true;
        }
        if (s.Ancestors.Count > DtdlLimits.MaxExtendsTotal)
        {
            errors.Add(entry.Scope, extendsPath, DtdlRules.ExtendsCount,
                $"'{own.Id}' extends {s.Ancestors.Count} interfaces in total; DTDL allows at most {DtdlLimits.MaxExtendsTotal}.");
            s.OverLimit = true;
        }
        if (s.Names.Count > DtdlLimits.MaxContentsInHierarchy)
        {
            errors.Add(entry.Scope, entry.Path, DtdlRules.ContentsLimit,
                $"'{own.Id}' has {s.Names.Count:N0} contents including inherited ones; DTDL allows at most {DtdlLimits.MaxContentsInHierarchy:N0}.");
            s.OverLimit = true;
        }
        return s;
    }

    /// <summary>The summary of an already imported model (valid by construction), memoized.</summary>
    private Summary Existing(string id)
    {
        if (_existing.TryGetValue(id, out var s)) return s;
        s = new Summary();
        _existing[id] = s; // before recursing, so a corrupt cycle in existing models terminates
        var ancestors = existing.SelfAndAncestors(id);
        s.Ancestors = new HashSet<string>(ancestors.Where(a => a != id), StringComparer.Ordinal);
        foreach (var (name, content) in existing.AllContents(id))
        {
            s.Names[name] = content.DefinedIn;
            if (content is DtdlComponent) s.HasComponents = true;
        }
        if (existing.Find(id) is { } i)
            foreach (var b in i.Extends)
                if (existing.Contains(b))
                    s.Depth = Math.Max(s.Depth, Existing(b).Depth + 1);
        return s;
    }
}
