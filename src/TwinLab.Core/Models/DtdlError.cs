using TwinLab.Core.Errors;

namespace TwinLab.Core.Models;

/// <summary>One DTDL document to parse.</summary>
/// <param name="Text">The JSON text (may start with a byte-order mark).</param>
/// <param name="FileName">Where it came from, for error messages; <c>null</c> for inline text.</param>
public sealed record DtdlSource(string Text, string? FileName = null);

/// <summary>One DTDL rule broken.</summary>
/// <param name="File">The file, or <c>null</c>.</param>
/// <param name="JsonPath">Where in the document, as a JSON path such as <c>$[3].contents[2].schema</c>.</param>
/// <param name="Rule">The rule's short name, such as <c>dtmi-syntax</c> or <c>extends-cycle</c>.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record DtdlError(string? File, string JsonPath, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File ?? "<input>"}: {JsonPath}: {Message} [{Rule}]";
}

/// <summary>A batch of DTDL documents broke one or more rules; nothing was imported.</summary>
public sealed class DtdlValidationException(IReadOnlyList<DtdlError> errors)
    : TwinLabException(ErrorCodes.DtdlParserError, Summarize(errors))
{
    /// <summary>Every rule broken, in document order.</summary>
    public IReadOnlyList<DtdlError> Errors { get; } = errors;

    private static string Summarize(IReadOnlyList<DtdlError> errors) =>
        errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} DTDL errors; first: {errors[0]}";
}
