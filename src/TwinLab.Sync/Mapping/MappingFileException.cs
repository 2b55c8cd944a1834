using TwinLab.Core.Errors;

namespace TwinLab.Sync.Mapping;

/// <summary>A mapping file that cannot be read; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class MappingFileException : InputFileException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The mapping file (or the source name it was given).</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="field">Where in the mapping, such as <c>rules[1].telemetry.temperature.from</c>; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public MappingFileException(string file, long line, long column, string field, string problem)
        : base(file, line, column, field, problem)
    {
    }
}
