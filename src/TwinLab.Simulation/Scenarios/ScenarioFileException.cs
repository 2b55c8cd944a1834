using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Scenarios;

/// <summary>A scenario file that cannot be used: names the file, line and column, what is wrong, and a hint.</summary>
public sealed class ScenarioFileException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The scenario file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="hint">How to fix it, or null.</param>
    public ScenarioFileException(string file, long line, long column, string problem, string? hint = null)
        : base(ErrorCodes.InvalidArgument, $"{file}:{line}:{column}: {problem}{(hint is null ? "" : $" ({hint})")}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
        Hint = hint;
    }

    /// <summary>The scenario file.</summary>
    public string File { get; }
    /// <summary>1-based line.</summary>
    public long Line { get; }
    /// <summary>1-based column.</summary>
    public long Column { get; }
    /// <summary>What is wrong.</summary>
    public string Problem { get; }
    /// <summary>How to fix it, or null.</summary>
    public string? Hint { get; }
}
