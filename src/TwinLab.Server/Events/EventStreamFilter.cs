using Microsoft.Extensions.Primitives;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Server.Routing;

namespace TwinLab.Server.Events;

/// <summary>
/// Which events a <c>/events</c> stream sends, from its query: <c>twin=</c>, <c>model=</c>, <c>type=</c> and
/// <c>branch=</c>, each repeatable (any of its values), and <c>filter=</c>, an ADT event route filter expression
/// (<see cref="RouteFilter"/>), and <c>endpoint=</c>, an SSE endpoint whose routes' filters apply; every parameter given must match.
/// </summary>
/// <remarks>
/// <para><c>type</c> takes full type names or short ones: <c>Twin.Create</c>, <c>Relationship.Delete</c>,
/// <c>Model.Change</c>, <c>Experiment.Progress</c>, <c>Twin.Drift</c>, or a whole family: <c>twin</c>, <c>relationship</c>,
/// <c>telemetry</c>, <c>model</c>, <c>experiment</c>, <c>drift</c>; several may be given comma-separated.</para>
/// <para><c>branch</c>: graph events of main only by default, <c>branch=NAME</c> for a branch, <c>branch=*</c> for all.
/// Events that belong to no branch (experiment progress) pass the branch filter whatever it is.</para>
/// </remarks>
internal sealed class EventStreamFilter
{
    private static readonly Dictionary<string, string[]> TypeNames = BuildTypeNames();

    private HashSet<string>? _twins;
    private HashSet<string>? _models;
    private HashSet<string>? _types;
    private HashSet<string>? _branches = [BranchInfo.Main];
    private Func<TwinLabEvent, bool>? _expression;
    private Func<TwinLabEvent, bool>? _endpoint;

    /// <summary>The filter of a request's query string.</summary>
    /// <exception cref="TwinLabException">A parameter is empty or names an unknown event type.</exception>
    public static EventStreamFilter Parse(IQueryCollection query)
    {
        var filter = new EventStreamFilter
        {
            _twins = Values(query, "twin"),
            _models = Values(query, "model"),
        };
        if (Values(query, "type") is { } types)
        {
            filter._types = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in types.SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                filter._types.UnionWith(TypeNames.TryGetValue(name, out var full) ? full
                    : throw new TwinLabException(ErrorCodes.InvalidArgument,
                        $"type: unknown event type '{name}'; use a full type name, a short one such as 'Twin.Update', or one of twin, relationship, telemetry, model, experiment."));
        }
        if (Values(query, "branch") is { } branches)
            filter._branches = branches.Contains("*") ? null : branches;
        if (query.ContainsKey("filter"))
        {
            var expression = query["filter"].ToString();
            if (expression.Trim().Length == 0) throw new TwinLabException(ErrorCodes.InvalidArgument, "filter: the query parameter 'filter=' must not be empty.");
            filter._expression = RouteFilter.Parse(expression).AsPredicate();
        }
        return filter;
    }

    /// <summary>Whether the stream sends <paramref name="e"/>.</summary>
    public bool Matches(TwinLabEvent e) =>
        (_twins is null || (e.TwinId is not null && _twins.Contains(e.TwinId)))
        && (_models is null || (e.DataSchema is not null && _models.Contains(e.DataSchema)))
        && (_types is null || _types.Contains(e.Type))
        && (e.Branch is null || WantsBranch(e.Branch))
        && (_expression is null || _expression(e))
        && (_endpoint is null || _endpoint(e));

    /// <summary>Also requires <paramref name="routedTo"/>: the routes of an SSE endpoint (<c>endpoint=NAME</c>, see
    /// <see cref="Routing.Delivery.EndpointStream"/>).</summary>
    public void RestrictTo(Func<TwinLabEvent, bool>? routedTo) => _endpoint = routedTo;

    /// <summary>Whether events of <paramref name="branch"/> may pass (replay skips the others without reading them).</summary>
    public bool WantsBranch(string branch) => _branches is null || _branches.Contains(branch);

    private static HashSet<string>? Values(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out StringValues values)) return null;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (string.IsNullOrEmpty(v)) throw new TwinLabException(ErrorCodes.InvalidArgument, $"{name}: the query parameter '{name}=' must not be empty.");
            set.Add(v);
        }
        return set;
    }

    private static Dictionary<string, string[]> BuildTypeNames()
    {
        string[] twin = [TwinLabEventTypes.TwinCreate, TwinLabEventTypes.TwinUpdate, TwinLabEventTypes.TwinDelete];
        string[] relationship = [TwinLabEventTypes.RelationshipCreate, TwinLabEventTypes.RelationshipUpdate, TwinLabEventTypes.RelationshipDelete];
        var names = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["twin"] = twin,
            ["relationship"] = relationship,
            ["telemetry"] = [TwinLabEventTypes.Telemetry],
            ["model"] = [TwinLabEventTypes.ModelChange],
            ["experiment"] = [TwinLabEventTypes.ExperimentProgress],
            ["drift"] = [TwinLabEventTypes.TwinDrift],
        };
        foreach (var full in twin.Concat(relationship))
        {
            names[full] = [full];
            names[full["Microsoft.DigitalTwins.".Length..]] = [full];
        }
        foreach (var full in new[] { TwinLabEventTypes.ModelChange, TwinLabEventTypes.ExperimentProgress, TwinLabEventTypes.Telemetry, TwinLabEventTypes.TwinDrift })
        {
            names[full] = [full];
            if (full.StartsWith("TwinLab.", StringComparison.Ordinal)) names[full["TwinLab.".Length..]] = [full];
        }
        return names;
    }
}
