using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>The rows a query returns: one JSON object per row, in the Azure Digital Twins shape.</summary>
/// <param name="Items">The rows.</param>
public sealed record QueryResult(IReadOnlyList<JsonObject> Items);

/// <summary>What <see cref="TwinQuery.WritePage"/> wrote.</summary>
/// <param name="Count">Rows written.</param>
/// <param name="HasMore">Whether the query has rows after them.</param>
public readonly record struct QueryPage(int Count, bool HasMore);

/// <summary>What a query reads, which decides what part of a graph it needs.</summary>
public enum QueryShape
{
    /// <summary><c>FROM DIGITALTWINS</c> without JOIN or MATCH: each twin is judged on its own.</summary>
    Twins,
    /// <summary><c>FROM RELATIONSHIPS</c>: each relationship is judged on its own.</summary>
    Relationships,
    /// <summary>JOIN or MATCH: rows are paths through the graph.</summary>
    Traversal,
}

/// <summary>The twins or relationships a scan's WHERE clause selects (<see cref="TwinQuery.Match"/>).</summary>
/// <param name="Twins">Matching twins, by id.</param>
/// <param name="Relationships">Matching relationships, by source then id.</param>
public sealed record QueryMatches(List<Twin> Twins, List<Relationship> Relationships);

/// <summary>
/// A query parsed, checked and compiled once; run it against any number of snapshots with
/// <see cref="TwinQuery.Execute(GraphSnapshot, ParsedQuery)"/>.
/// </summary>
/// <remarks>Immutable and thread-safe: one instance may run on several threads at once.</remarks>
public sealed class ParsedQuery
{
    internal ParsedQuery(string text, QueryPlan plan)
    {
        Text = text;
        Plan = plan;
    }

    /// <summary>The query text.</summary>
    public string Text { get; }

    /// <summary>What the query reads: one collection's items (each judged on its own) or paths through the graph.</summary>
    public QueryShape Shape => Plan.Kind switch
    {
        PlanKind.TwinScan => QueryShape.Twins,
        PlanKind.RelationshipScan => QueryShape.Relationships,
        _ => QueryShape.Traversal,
    };

    internal QueryPlan Plan { get; }

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>
/// Runs Azure Digital Twins query language text against a graph snapshot.
/// </summary>
/// <remarks>
/// <para>Supported: <c>SELECT [TOP(n)] * | COUNT() | projections [AS name]</c>, <c>FROM DIGITALTWINS [alias]</c> with up to
/// five <c>JOIN X RELATED Y.relationship [R]</c>, <c>FROM DIGITALTWINS MATCH (a)-[r:name1|name2*1..3]-&gt;(b)…</c>,
/// <c>FROM RELATIONSHIPS [alias]</c>, and <c>WHERE</c> with comparisons, <c>AND</c>/<c>OR</c>/<c>NOT</c>, <c>IN</c>/<c>NIN</c>
/// and the functions <c>IS_OF_MODEL</c>, <c>IS_DEFINED</c>, <c>IS_NULL</c>, <c>IS_BOOL</c>, <c>IS_NUMBER</c>, <c>IS_STRING</c>,
/// <c>IS_PRIMITIVE</c>, <c>IS_OBJECT</c>, <c>STARTSWITH</c>, <c>ENDSWITH</c>, <c>CONTAINS</c>, <c>ARRAY_CONTAINS</c>.</para>
/// <para>Values: a missing property is undefined; comparisons with undefined, or between values of different types, are
/// false under every operator (<c>!=</c> included), while <c>NOT</c> simply negates (so <c>NOT T.x = 1</c> holds when
/// <c>x</c> is missing). Numbers compare numerically, strings ordinally; booleans, null, objects and arrays support
/// only <c>=</c> and <c>!=</c>. <c>NIN</c> holds for a defined value equal to no item.</para>
/// <para>Rows come in a deterministic order: twins by <c>$dtId</c> (ordinal), relationships by source then id; JOIN and
/// MATCH rows by the start twin, then each step by the twin reached. Traversal starts at the alias the WHERE clause
/// pins by <c>$dtId</c>, else at the first alias with a condition of its own, else at the first alias. A single-hop JOIN or MATCH step gives one row per relationship; a variable-length step
/// (<c>*n</c>, <c>*n..m</c>) gives one row per distinct twin reached by a path that visits no twin twice.</para>
/// <para>Undefined projected values are left out of their row. <c>SELECT *</c> over one collection returns the twins
/// (or relationships) themselves; with JOIN or MATCH, one member per named alias.</para>
/// </remarks>
public static class TwinQuery
{
    /// <summary>Parses and runs a query.</summary>
    /// <exception cref="QuerySyntaxException">The text is not a valid query; the message gives the position and what was expected.</exception>
    public static QueryResult Execute(GraphSnapshot graph, string query) => Execute(graph, Parse(query));

    /// <summary>Runs a query parsed earlier with <see cref="Parse"/>.</summary>
    public static QueryResult Execute(GraphSnapshot graph, ParsedQuery query)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(query);
        return QueryEvaluator.Run(query.Plan, graph);
    }

    /// <summary>
    /// The twins (or relationships) a <see cref="QueryShape.Twins"/> (or <see cref="QueryShape.Relationships"/>) query's
    /// WHERE clause selects, ignoring TOP, COUNT and the projections.
    /// </summary>
    /// <remarks>
    /// Since such a query judges each item on its own, the union of the matches of the parts of a partitioned graph is
    /// the graph's own, and running the query on that union gives exactly the rows (TOP, COUNT, order) it gives on the
    /// whole graph: what a cluster's index shards compute.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The query is a <see cref="QueryShape.Traversal"/>.</exception>
    public static QueryMatches Match(GraphSnapshot graph, ParsedQuery query)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(query);
        return QueryEvaluator.Match(query.Plan, graph);
    }

    /// <summary>
    /// Runs a query and writes one page of its rows to <paramref name="writer"/>, each as one JSON value (inside an
    /// array the caller has started): rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> - 1
    /// of <see cref="Execute(GraphSnapshot, ParsedQuery)"/>'s result, in the same order and the same JSON. The rows are
    /// written straight from the twin data, and the query stops one row after the page where it can (TOP, id-ordered scans,
    /// traversals).
    /// </summary>
    /// <returns>How many rows were written and whether more follow.</returns>
    public static QueryPage WritePage(GraphSnapshot graph, ParsedQuery query, Utf8JsonWriter writer, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        return QueryEvaluator.RunPage(query.Plan, graph, writer, skip, take);
    }

    /// <summary>Parses, checks and compiles a query so it can be run many times.</summary>
    /// <exception cref="QuerySyntaxException">The text is not a valid query, breaks a limit (8,000 characters, 50 AND/OR
    /// terms, 50 IN items, 5 JOINs, 10 hops, positive TOP), or names an unknown alias; the message gives the 0-based
    /// position (as <see cref="QuerySyntaxException.Position"/>) and what was expected.</exception>
    /// <remarks>Valid queries are remembered (the most recent few hundred distinct texts), so a query sent again is
    /// not parsed again: a parsed query is immutable and independent of the graph.</remarks>
    public static ParsedQuery Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Parsed.TryGetValue(query, out var known)) return known;
        var parsed = new ParsedQuery(query, QueryCompiler.Compile(QueryParser.Parse(query)));
        // A crude bound: past it, start over (clients typically send a handful of distinct queries).
        if (Parsed.Count >= MaxParsed) Parsed.Clear();
        Parsed.TryAdd(query, parsed);
        return parsed;
    }

    private const int MaxParsed = 256;

    private static readonly ConcurrentDictionary<string, ParsedQuery> Parsed = new(StringComparer.Ordinal);
}
