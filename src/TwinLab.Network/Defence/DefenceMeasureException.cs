using TwinLab.Core.Errors;

namespace TwinLab.Network.Defence;

/// <summary>A measure that cannot be read or applied; the message starts with the measure's text.</summary>
public sealed class DefenceMeasureException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="measure">The measure as written, such as <c>close:web01:tcp/443</c>.</param>
    /// <param name="problem">What is wrong.</param>
    public DefenceMeasureException(string measure, string problem)
        : base(ErrorCodes.InvalidArgument, $"{measure}: {problem}")
    {
        Measure = measure;
        Problem = problem;
    }

    /// <summary>The measure as written.</summary>
    public string Measure { get; }

    /// <summary>What is wrong, without the measure.</summary>
    public string Problem { get; }
}
