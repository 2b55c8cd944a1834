using TwinLab.Core.Errors;

namespace TwinLab.Network.Defence;

/// <summary>A cost file that cannot be read; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class DefenceCostFileException : InputFileException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The cost file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="field">Where in the file, such as <c>hosts.dc01.patch</c>; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public DefenceCostFileException(string file, long line, long column, string field, string problem)
        : base(file, line, column, field, problem)
    {
    }
}
