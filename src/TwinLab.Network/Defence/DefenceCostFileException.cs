using TwinLab.Core.Errors;

namespace TwinLab.Network.Defence;

/// <summary>A cost file that cannot be read; the message starts with <c>file:line:column: field:</c>.</summary>
public sealed class DefenceCostFileException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The cost file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="field">Where in the file, such as <c>hosts.dc01.patch</c>; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public DefenceCostFileException(string file, long line, long column, string field, string problem)
        : base(ErrorCodes.InvalidArgument, $"{file}:{line}:{column}: {(field.Length > 0 ? field + ": " : "")}{problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    /// <summary>The cost file.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending value.</summary>
    public long Line { get; }

    /// <summary>1-based column of the offending value.</summary>
    public long Column { get; }

    /// <summary>Where in the file, such as <c>hosts.dc01.patch</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
