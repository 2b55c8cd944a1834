using TwinLab.Core.Errors;

namespace TwinLab.Core.Query;

/// <summary>A query could not be parsed.</summary>
/// <param name="position">Zero-based character offset of the error.</param>
/// <param name="message">What was found and what was expected.</param>
public sealed class QuerySyntaxException(int position, string message)
    : TwinLabException(ErrorCodes.QueryError, $"Query syntax error at position {position + 1}: {message}")
{
    /// <summary>Zero-based character offset of the error.</summary>
    public int Position { get; } = position;
}
