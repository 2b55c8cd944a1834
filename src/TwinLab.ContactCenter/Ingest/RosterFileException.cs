using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>A roster file that cannot be read; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class RosterFileException : InputFileException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The roster file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="field">Where in the roster, such as <c>agents[2].shifts[0].end</c>; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public RosterFileException(string file, long line, long column, string field, string problem)
        : base(file, line, column, field, problem)
    {
    }
}
