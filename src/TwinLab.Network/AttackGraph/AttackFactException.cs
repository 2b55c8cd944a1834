using TwinLab.Core.Errors;

namespace TwinLab.Network.AttackGraph;

/// <summary>A fact set that cannot be analysed; the message starts with the offending element, such as
/// <c>vulnProperties[3].exploitProbability:</c>.</summary>
public sealed class AttackFactException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="element">The offending element, such as <c>hacls[2].destination</c>.</param>
    /// <param name="problem">What is wrong.</param>
    public AttackFactException(string element, string problem)
        : base(ErrorCodes.InvalidArgument, $"{element}: {problem}")
    {
        Element = element;
        Problem = problem;
    }

    /// <summary>The offending element, such as <c>hacls[2].destination</c>.</summary>
    public string Element { get; }

    /// <summary>What is wrong, without the element.</summary>
    public string Problem { get; }
}
