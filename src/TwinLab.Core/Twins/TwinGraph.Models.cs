using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

public sealed partial class TwinGraph
{
    /// <summary>Parses, validates and adds a batch of DTDL documents: all of them or none.</summary>
    /// <returns>The imported interfaces.</returns>
    /// <exception cref="DtdlValidationException">A rule is broken; nothing was imported.</exception>
    public IReadOnlyList<DtdlInterface> ImportModels(IEnumerable<DtdlSource> sources)
    {
        var documents = sources as IReadOnlyList<DtdlSource> ?? sources.ToArray();
        var parsed = DtdlParser.Parse(documents, _models);
        var now = Now();
        var entries = parsed.Select(i => new ModelEntry(i, now)).ToArray();
        _models = _models.With(entries);
        _version++;
        _changes.Add(new ModelsImported(entries) { Sources = documents });
        return parsed;
    }

    /// <summary>Deletes a model that no twin and no other model uses.</summary>
    /// <exception cref="TwinLabException">Unknown model, or it is still referenced.</exception>
    public void DeleteModel(string modelId)
    {
        if (!_models.Contains(modelId))
            throw new TwinLabException(ErrorCodes.ModelNotFound, $"Model '{modelId}' not found.");
        var dependents = _models.Dependents(modelId).Take(3).ToArray();
        if (dependents.Length > 0)
            throw new TwinLabException(ErrorCodes.ModelReferencesNotDeleted,
                $"Model '{modelId}' is referenced by other models ({string.Join(", ", dependents)}); delete those first.");
        foreach (var twin in _twins.Values)
            if (twin.ModelId == modelId)
                throw new TwinLabException(ErrorCodes.ModelReferencesNotDeleted,
                    $"Model '{modelId}' is used by twin '{twin.Id}'; delete its twins first.");
        _models = _models.Without(modelId);
        _version++;
        _changes.Add(new ModelDeleted(modelId));
    }

    /// <summary>Marks a model decommissioned (no new twins may use it) or active again.</summary>
    public void DecommissionModel(string modelId, bool decommissioned = true)
    {
        if (!_models.Contains(modelId))
            throw new TwinLabException(ErrorCodes.ModelNotFound, $"Model '{modelId}' not found.");
        _models = _models.WithDecommissioned(modelId, decommissioned);
        _version++;
        _changes.Add(new ModelDecommissioned(modelId, decommissioned));
    }
}
