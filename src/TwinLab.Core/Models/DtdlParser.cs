namespace TwinLab.Core.Models;

/// <summary>Parses and validates DTDL v2/v3 interfaces.</summary>
public static class DtdlParser
{
    /// <summary>
    /// Parses a batch of documents into interfaces, validating them against each other and against
    /// <paramref name="existing"/> (which resolves references to already imported models).
    /// </summary>
    /// <param name="sources">The documents; each holds one interface object or an array of them.</param>
    /// <param name="existing">Models already imported; the batch may reference them but not redefine them.</param>
    /// <returns>The batch's interfaces in document order (inline interfaces after the interface holding them).</returns>
    /// <remarks>
    /// All-or-nothing: every error in the batch is collected first, then reported together, so a batch with
    /// any error yields nothing. An id already in <paramref name="existing"/> is reported with rule <c>model-exists</c>.
    /// </remarks>
    /// <exception cref="DtdlValidationException">Any rule broken; the message names file, JSON path and rule.</exception>
    public static IReadOnlyList<DtdlInterface> Parse(IEnumerable<DtdlSource> sources, ModelSet existing)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(existing);
        return new DtdlBatch(existing).Run(sources);
    }
}
