using TwinLab.Core.Errors;

namespace TwinLab.Health.Ingest;

/// <summary>An input file that cannot be read at all (a YAML profile, a CSV header, an ambiguous date order); the
/// message starts with <c>file:line:column: field:</c>. Problems with single rows are <see cref="ImportProblem"/>s instead.</summary>
public sealed class HealthInputException : InputFileException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The file, as given.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="field">Where in the file, such as <c>medication[1].regimen</c> or a CSV column; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public HealthInputException(string file, long line, long column, string field, string problem)
        : base(file, line, column, field, problem)
    {
    }
}
