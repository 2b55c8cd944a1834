using TwinLab.Core.Errors;

namespace TwinLab.Network.Capacity;

/// <summary>A links file or traffic file that cannot be read; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class CapacityFileException : InputFileException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The file (or a name such as <c>traffic</c> when built in code).</param>
    /// <param name="line">1-based line; 0 when unknown.</param>
    /// <param name="column">1-based column; 0 when unknown.</param>
    /// <param name="field">Where, such as <c>links[2].capacity</c> or a CSV column; empty for the whole file.</param>
    /// <param name="problem">What is wrong.</param>
    public CapacityFileException(string file, long line, long column, string field, string problem)
        : base(file, line, column, field, problem)
    {
    }
}
