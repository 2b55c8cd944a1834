using TwinLab.Core.Errors;

namespace TwinLab.Health.Ingest;

/// <summary>An input file that cannot be read at all (a YAML profile, a CSV header, an ambiguous date order); the
/// message starts with <c>file:line:column: field:</c>. Problems with single rows are <see cref="ImportProblem"/>s instead.</summary>
public sealed class HealthInputException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The file, as given.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="field">Where in the file, such as <c>medication[1].regimen</c> or a CSV column; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public HealthInputException(string file, long line, long column, string field, string problem)
        : base(ErrorCodes.InvalidArgument, $"{file}:{line}:{column}: {(field.Length > 0 ? field + ": " : "")}{problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending value.</summary>
    public long Line { get; }

    /// <summary>1-based column of the offending value.</summary>
    public long Column { get; }

    /// <summary>Where in the file, such as <c>labs[0].date</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
