using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift.Expectations;

/// <summary>The declared expectations files stored in the database (documents of kind <see cref="DriftStore.ExpectationsKind"/>, the YAML text as given).</summary>
public sealed class ExpectationStore(DriftStore store, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Stores a file (replacing one of the same name); a monitor uses it within a few seconds.</summary>
    public void Save(ExpectationsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        store.Store.SaveDocument(new StoredDocument(DriftStore.ExpectationsKind, file.Name, _time.GetUtcNow(),
            $"{Path.GetFileName(file.Source)}: {file.Expectations.Count} expectation{(file.Expectations.Count == 1 ? "" : "s")}", file.Text));
    }

    /// <summary>The stored files (name, source, when stored), by name.</summary>
    public IReadOnlyList<StoredDocument> List() =>
        [.. store.Store.ListDocuments(DriftStore.ExpectationsKind).OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>A stored file, parsed, or <c>null</c>.</summary>
    /// <exception cref="DriftFileException">The stored text no longer parses (it did when stored).</exception>
    public ExpectationsFile? Get(string name) =>
        store.Store.LoadDocument(DriftStore.ExpectationsKind, name) is { } doc ? ExpectationsFile.Parse(doc.Json, name, $"stored expectations '{name}'") : null;

    /// <summary>Deletes a stored file.</summary>
    /// <exception cref="TwinLabException">No file of that name is stored.</exception>
    public void Remove(string name)
    {
        if (!store.Store.DeleteDocument(DriftStore.ExpectationsKind, name))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"No expectations named '{name}' are stored{(List() is { Count: > 0 } known ? $" (stored: {string.Join(", ", known.Select(d => d.Id))})" : "")}.");
    }
}
