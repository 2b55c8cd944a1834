namespace TwinLab.Core.Errors;

/// <summary>
/// An input file that cannot be read (a roster, a topology, a profile…); the message starts with
/// <c>file:line:column: field:</c> so editors and users can jump to the place.
/// </summary>
/// <remarks>Each domain derives its own type so callers can tell which input failed; the shape is shared here.</remarks>
public abstract class InputFileException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="field">Where in the file, such as <c>agents[2].shifts[0].end</c>; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    protected InputFileException(string file, long line, long column, string field, string problem)
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

    /// <summary>Where in the file, such as <c>agents[2].shifts[0].end</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
