using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>The rows a query returns: one JSON object per row, in the Azure Digital Twins shape.</summary>
/// <param name="Items">The rows.</param>
public sealed record QueryResult(IReadOnlyList<JsonObject> Items);

/// <summary>Runs Azure Digital Twins query language text against a graph snapshot.</summary>
public static class TwinQuery
{
    /// <summary>Parses and runs a query.</summary>
    /// <exception cref="QuerySyntaxException">The text is not a valid query; the message gives the position and what was expected.</exception>
    public static QueryResult Execute(GraphSnapshot graph, string query) =>
        throw new NotImplementedException("query engine: being written");
}
