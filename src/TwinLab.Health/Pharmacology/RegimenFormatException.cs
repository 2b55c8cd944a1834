using TwinLab.Core.Errors;

namespace TwinLab.Health.Pharmacology;

/// <summary>A regimen text that cannot be read; the message names the part and what is wrong with it.</summary>
public sealed class RegimenFormatException(string text, string part, string problem)
    : TwinLabException(ErrorCodes.InvalidArgument, $"regimen '{text}': '{part}': {problem}")
{
    /// <summary>The whole regimen text.</summary>
    public string Text { get; } = text;

    /// <summary>The offending part, such as <c>amlodipin 5mg</c>.</summary>
    public string Part { get; } = part;

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; } = problem;
}
