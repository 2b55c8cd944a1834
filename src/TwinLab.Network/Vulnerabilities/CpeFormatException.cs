using TwinLab.Core.Errors;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>A text that is neither a valid CPE 2.2 URI nor a valid CPE 2.3 formatted string.</summary>
public sealed class CpeFormatException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="text">The text that was parsed.</param>
    /// <param name="problem">What is wrong with it.</param>
    public CpeFormatException(string text, string problem)
        : base(ErrorCodes.InvalidArgument, $"invalid CPE '{text}': {problem}")
    {
        Text = text;
        Problem = problem;
    }

    /// <summary>The text that was parsed.</summary>
    public string Text { get; }

    /// <summary>What is wrong, without the text.</summary>
    public string Problem { get; }
}
