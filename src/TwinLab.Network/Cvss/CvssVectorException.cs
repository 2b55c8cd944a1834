using TwinLab.Core.Errors;

namespace TwinLab.Network.Cvss;

/// <summary>A CVSS vector string that cannot be scored; the message reads
/// <c>CVSS vector 'VECTOR': position N: METRIC: problem</c>.</summary>
public sealed class CvssVectorException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="vector">The vector string as given.</param>
    /// <param name="position">1-based character position of the offending part (one past the end for something missing).</param>
    /// <param name="metric">The metric concerned, such as <c>AV</c>; empty for the vector as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public CvssVectorException(string vector, int position, string metric, string problem)
        : base(ErrorCodes.InvalidArgument,
            $"CVSS vector '{vector}': position {position}: {(metric.Length > 0 ? metric + ": " : "")}{problem}")
    {
        Vector = vector;
        Position = position;
        Metric = metric;
        Problem = problem;
    }

    /// <summary>The vector string as given.</summary>
    public string Vector { get; }

    /// <summary>1-based character position of the offending part; one past the end when something is missing.</summary>
    public int Position { get; }

    /// <summary>The metric concerned, such as <c>AV</c>; empty for the vector as a whole.</summary>
    public string Metric { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
