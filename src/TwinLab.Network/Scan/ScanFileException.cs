using TwinLab.Core.Errors;

namespace TwinLab.Network.Scan;

/// <summary>A scan file that cannot be read; the message starts with <c>file:line:column:</c> and names the element.</summary>
public sealed class ScanFileException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The scan file (or the name given to the text that was read).</param>
    /// <param name="line">1-based line, or 0 when not known.</param>
    /// <param name="column">1-based column, or 0 when not known.</param>
    /// <param name="element">The element at fault, such as <c>port</c> or <c>port/@portid</c>; empty for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public ScanFileException(string file, long line, long column, string element, string problem)
        : base(ErrorCodes.InvalidArgument, $"{file}:{line}:{column}: {(element.Length > 0 ? "<" + element + ">: " : "")}{problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Element = element;
        Problem = problem;
    }

    /// <summary>The scan file.</summary>
    public string File { get; }

    /// <summary>1-based line.</summary>
    public long Line { get; }

    /// <summary>1-based column.</summary>
    public long Column { get; }

    /// <summary>The element at fault.</summary>
    public string Element { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
