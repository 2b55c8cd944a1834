using System.Text.Json;

namespace TwinLab.Core.Models;

/// <summary>
/// The complex schemas declared in <c>schemas</c> by the batch's interfaces (parsed lazily, once) and by
/// already imported models, by <c>@id</c>.
/// </summary>
internal sealed class NamedSchemaRegistry(ModelSet existing)
{
    private readonly Dictionary<string, NamedSchema> _batch = new(StringComparer.Ordinal);
    private Dictionary<string, DtdlSchema>? _existing;

    /// <summary>A schema declared in the batch.</summary>
    public sealed class NamedSchema(JsonElement element, DtdlPath path, DtdlScope scope, InterfaceEntry owner, int index)
    {
        /// <summary>The schema's JSON object.</summary>
        public JsonElement Element { get; } = element;
        /// <summary>Where it is written.</summary>
        public DtdlPath Path { get; } = path;
        /// <summary>Its document's scope.</summary>
        public DtdlScope Scope { get; } = scope;
        /// <summary>The interface whose <c>schemas</c> declares it.</summary>
        public InterfaceEntry Owner { get; } = owner;
        /// <summary>Its index in the owner's <c>schemas</c>.</summary>
        public int Index { get; } = index;
        /// <summary>Parse state, so references are parsed once and cycles are caught.</summary>
        public NamedSchemaState State { get; set; }
        /// <summary>The parsed schema; <c>null</c> if it is invalid.</summary>
        public DtdlSchema? Schema { get; set; }
        /// <summary>Levels of complex-schema nesting, counting itself.</summary>
        public int Height { get; set; }
    }

    /// <summary>Declares a batch schema; <c>false</c> if the id is already declared.</summary>
    public bool TryDeclare(string id, NamedSchema schema) => _batch.TryAdd(id, schema);

    /// <summary>Whether a schema with that id is declared in the batch or by an existing model.</summary>
    public bool Contains(string id) => _batch.ContainsKey(id) || Existing().ContainsKey(id);

    /// <summary>Every schema declared in the batch.</summary>
    public IEnumerable<KeyValuePair<string, NamedSchema>> Declared => _batch;

    /// <summary>Finds a schema declared in the batch.</summary>
    public bool TryGetDeclared(string id, out NamedSchema schema) => _batch.TryGetValue(id, out schema!);

    /// <summary>Finds a schema declared by an already imported model.</summary>
    public bool TryGetExisting(string id, out DtdlSchema schema) => Existing().TryGetValue(id, out schema!);

    // Built on first need only: one pass over the existing models rather than a scan per reference.
    private Dictionary<string, DtdlSchema> Existing()
    {
        if (_existing is not null) return _existing;
        var d = new Dictionary<string, DtdlSchema>(StringComparer.Ordinal);
        foreach (var entry in existing.Entries)
            foreach (var (id, schema) in entry.Interface.Schemas)
                d.TryAdd(id, schema);
        return _existing = d;
    }
}

/// <summary>Parse state of a named schema.</summary>
internal enum NamedSchemaState
{
    /// <summary>Not parsed yet.</summary>
    Pending,
    /// <summary>Being parsed (a reference back to it is a cycle).</summary>
    InProgress,
    /// <summary>Parsed (successfully or not).</summary>
    Done,
}
