using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>A candidate-changes file (or a candidate built in code) that cannot be used; the message starts with
/// <c>file:line:column:</c> and names the candidate and the field.</summary>
public sealed class CandidateFileException : TwinLabException
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The candidates file.</param>
    /// <param name="line">1-based line (0 when unknown, for candidates built in code).</param>
    /// <param name="column">1-based column (0 when unknown).</param>
    /// <param name="candidate">The candidate's name, or null when the problem is not inside one.</param>
    /// <param name="field">Where, such as <c>candidates[2].parameters.chatbot_deflection</c>; empty for the whole file.</param>
    /// <param name="problem">What is wrong.</param>
    public CandidateFileException(string file, long line, long column, string? candidate, string field, string problem)
        : base(ErrorCodes.InvalidArgument, Format(file, line, column, candidate, field, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Candidate = candidate;
        Field = field;
        Problem = problem;
    }

    /// <summary>The candidates file.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending value (0 when unknown).</summary>
    public long Line { get; }

    /// <summary>1-based column of the offending value (0 when unknown).</summary>
    public long Column { get; }

    /// <summary>The candidate's name, when the problem is inside one that has a name.</summary>
    public string? Candidate { get; }

    /// <summary>Where in the file, such as <c>candidates[2].parameters.chatbot_deflection</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    private static string Format(string file, long line, long column, string? candidate, string field, string problem)
    {
        var where = line > 0 ? $"{file}:{line}:{column}: " : $"{file}: ";
        var who = candidate is null ? "" : $"candidate '{candidate}': ";
        return $"{where}{who}{(field.Length > 0 ? field + ": " : "")}{problem}";
    }
}
