using TwinLab.Core.Errors;

namespace TwinLab.Network.Analysis;

/// <summary>Inputs of a network analysis that do not fit together, such as a scanned address in no zone of the
/// topology; the message names the file and line (or element) at fault.</summary>
public sealed class AnalysisException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The file at fault (scan, topology, vulnerability data).</param>
    /// <param name="line">1-based line; 0 when unknown.</param>
    /// <param name="problem">What is wrong.</param>
    public AnalysisException(string file, long line, string problem)
        : base(ErrorCodes.InvalidArgument, $"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string File { get; }

    /// <summary>1-based line; 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
