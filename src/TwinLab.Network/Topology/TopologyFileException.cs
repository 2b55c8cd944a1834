using TwinLab.Core.Errors;

namespace TwinLab.Network.Topology;

/// <summary>A topology that cannot be read or does not hold together; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class TopologyFileException : InputFileException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The topology file (or <c>topology</c> when built in code).</param>
    /// <param name="line">1-based line; 0 when unknown.</param>
    /// <param name="column">1-based column; 0 when unknown.</param>
    /// <param name="field">Where, such as <c>hosts[3].zone</c>; empty for the whole file.</param>
    /// <param name="problem">What is wrong.</param>
    public TopologyFileException(string file, long line, long column, string field, string problem)
        : base(file, line, column, field, problem)
    {
    }
}
