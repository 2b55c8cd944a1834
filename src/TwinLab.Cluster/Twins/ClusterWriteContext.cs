using TwinLab.Core.History;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// Who asks for a twin write, carried from the node that took the request to the grain that makes it in Orleans'
/// <see cref="RequestContext"/> (it travels with each grain call), so the event log records the caller — as on the embedded
/// server — without an actor parameter on every grain method.
/// </summary>
/// <remarks>
/// Set it in the async method that calls the grain: <see cref="RequestContext"/> flows down the call like any async-local
/// value and is gone when that method returns, so it never leaks into the next request on the same thread.
/// </remarks>
public static class ClusterWriteContext
{
    /// <summary>The actor recorded when a caller set none (a grain called directly, not through a node's API).</summary>
    public const string UnknownActor = "cluster";

    private const string ActorKey = "twinlab.actor";
    private const string IdempotencyKey = "twinlab.idempotency-key";

    /// <summary>Makes <paramref name="context"/> the caller of the grain calls that follow in this async flow.</summary>
    public static void Set(WriteContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequestContext.Set(ActorKey, context.Actor);
        if (context.IdempotencyKey is { } key) RequestContext.Set(IdempotencyKey, key);
        else RequestContext.Remove(IdempotencyKey);
    }

    /// <summary>The caller of the grain call being served (<see cref="UnknownActor"/>, no key, when none was set).</summary>
    public static WriteContext Current() =>
        new(RequestContext.Get(ActorKey) as string ?? UnknownActor, RequestContext.Get(IdempotencyKey) as string);
}
