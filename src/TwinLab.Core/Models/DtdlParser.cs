namespace TwinLab.Core.Models;

/// <summary>Parses and validates DTDL v2/v3 interfaces.</summary>
public static class DtdlParser
{
    /// <summary>
    /// Parses a batch of documents into interfaces, validating them against each other and against
    /// <paramref name="existing"/> (which resolves references to already imported models).
    /// </summary>
    /// <exception cref="DtdlValidationException">Any rule broken; the message names file, JSON path and rule.</exception>
    public static IReadOnlyList<DtdlInterface> Parse(IEnumerable<DtdlSource> sources, ModelSet existing) =>
        throw new NotImplementedException("DTDL parser: being written");
}
