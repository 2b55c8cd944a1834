using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace TwinLab.Core.Models;

/// <summary>A model as stored: the interface plus its upload metadata.</summary>
public sealed record ModelEntry(DtdlInterface Interface, DateTimeOffset UploadTime, bool Decommissioned = false);

/// <summary>
/// An immutable set of validated interfaces with inheritance resolved on demand.
/// </summary>
/// <remarks>Thread-safe. Adding or removing models returns a new set; lookups of flattened contents are memoized per set.</remarks>
public sealed class ModelSet
{
    private readonly ImmutableDictionary<string, ModelEntry> _models;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, DtdlContent>> _flattened = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> _ancestors = new(StringComparer.Ordinal);

    /// <summary>The empty set.</summary>
    public static readonly ModelSet Empty = new(ImmutableDictionary<string, ModelEntry>.Empty.WithComparers(StringComparer.Ordinal));

    private ModelSet(ImmutableDictionary<string, ModelEntry> models) => _models = models;

    /// <summary>Number of interfaces.</summary>
    public int Count => _models.Count;

    /// <summary>All entries, in no particular order.</summary>
    public IEnumerable<ModelEntry> Entries => _models.Values;

    /// <summary>Whether an interface with that id is present.</summary>
    public bool Contains(string id) => _models.ContainsKey(id);

    /// <summary>Looks up an entry.</summary>
    public bool TryGet(string id, out ModelEntry entry) => _models.TryGetValue(id, out entry!);

    /// <summary>Gets an interface or returns <c>null</c>.</summary>
    public DtdlInterface? Find(string id) => _models.TryGetValue(id, out var e) ? e.Interface : null;

    /// <summary>Returns a set with the given entries added (replacing any with the same id).</summary>
    public ModelSet With(IEnumerable<ModelEntry> entries)
    {
        var b = _models.ToBuilder();
        foreach (var e in entries) b[e.Interface.Id] = e;
        return new ModelSet(b.ToImmutable());
    }

    /// <summary>Returns a set without the given id.</summary>
    public ModelSet Without(string id) => new(_models.Remove(id));

    /// <summary>Returns a set with one entry's decommissioned flag changed.</summary>
    public ModelSet WithDecommissioned(string id, bool decommissioned) =>
        _models.TryGetValue(id, out var e) ? new ModelSet(_models.SetItem(id, e with { Decommissioned = decommissioned })) : this;

    /// <summary>
    /// All contents of an interface including those inherited through <c>extends</c> (transitively), by name.
    /// </summary>
    /// <remarks>The parser guarantees names are unique through the chain, so the union is well defined.</remarks>
    public IReadOnlyDictionary<string, DtdlContent> AllContents(string modelId)
    {
        // Writes come in runs on twins of one model (a patch stream from devices of one kind): remembering the last
        // model looked up skips hashing its long DTMI on every patch. The holder is immutable, so racing readers
        // always see a consistent pair.
        if (_last is { } last && string.Equals(last.ModelId, modelId, StringComparison.Ordinal)) return last.Contents;
        var contents = Flatten(modelId);
        _last = new LastLookup(modelId, contents);
        return contents;
    }

    private sealed record LastLookup(string ModelId, IReadOnlyDictionary<string, DtdlContent> Contents);

    private volatile LastLookup? _last;

    private IReadOnlyDictionary<string, DtdlContent> Flatten(string modelId) =>
        _flattened.TryGetValue(modelId, out var known) ? known : _flattened.GetOrAdd(modelId, id =>
        {
            var result = new Dictionary<string, DtdlContent>(StringComparer.Ordinal);
            foreach (var m in SelfAndAncestors(id))
                if (_models.TryGetValue(m, out var e))
                    foreach (var (name, content) in e.Interface.Contents)
                        result.TryAdd(name, content);
            return result;
        });

    /// <summary>Finds one element by name through the <c>extends</c> chain.</summary>
    public DtdlContent? FindContent(string modelId, string name) =>
        AllContents(modelId).TryGetValue(name, out var c) ? c : null;

    /// <summary>The model itself and every interface it extends, transitively.</summary>
    public ImmutableHashSet<string> SelfAndAncestors(string modelId) =>
        _ancestors.TryGetValue(modelId, out var known) ? known : _ancestors.GetOrAdd(modelId, id =>
        {
            var seen = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            stack.Push(id);
            while (stack.Count > 0)
            {
                var cur = stack.Pop();
                if (!seen.Add(cur)) continue;
                if (_models.TryGetValue(cur, out var e))
                    foreach (var b in e.Interface.Extends) stack.Push(b);
            }
            return seen.ToImmutable();
        });

    /// <summary>Whether <paramref name="modelId"/> is <paramref name="baseId"/> or derives from it.</summary>
    public bool IsAssignableTo(string modelId, string baseId) =>
        string.Equals(modelId, baseId, StringComparison.Ordinal) || SelfAndAncestors(modelId).Contains(baseId);

    /// <summary>Interfaces that reference <paramref name="id"/> through <c>extends</c>, a component schema or a relationship target.</summary>
    public IEnumerable<string> Dependents(string id) =>
        _models.Values.Where(e => e.Interface.Id != id && References(e.Interface).Contains(id)).Select(e => e.Interface.Id);

    /// <summary>Interfaces that <paramref name="i"/> depends on directly (extends, component schemas, relationship targets).</summary>
    public static IReadOnlySet<string> References(DtdlInterface i)
    {
        var set = new HashSet<string>(i.Extends, StringComparer.Ordinal);
        foreach (var c in i.Contents.Values)
        {
            if (c is DtdlComponent comp) set.Add(comp.Schema);
            else if (c is DtdlRelationship { Target: { } t }) set.Add(t);
        }
        return set;
    }
}
