using System.Net;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace TwinLab.Cluster.Experiments;

/// <summary>
/// Where experiment coordinators live: on <see cref="ClusterExperimentOptions.CoordinatorSilo"/> when one is set and
/// alive, otherwise on the silo that asks for the coordinator (Orleans' prefer-local rule).
/// </summary>
/// <remarks>
/// With localhost membership the coordinators' progress is kept in one process's memory (there is no database), and a
/// coordinator is re-activated whenever the silo holding its grain-directory entry is lost — even when its own silo lives.
/// Placing it on the membership seed, which such a cluster cannot lose anyway, means every re-activation lands where its
/// state is. With PostgreSQL membership no silo is set: the state is in the database and any silo may resume it.
/// </remarks>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class CoordinatorPlacement : PlacementStrategy
{
    internal static readonly CoordinatorPlacement Instance = new();
}

/// <summary>Places a grain class by <see cref="CoordinatorPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CoordinatorPlacementAttribute() : PlacementAttribute(CoordinatorPlacement.Instance);

/// <summary>Chooses the silo of a <see cref="CoordinatorPlacement"/> grain's new activation.</summary>
internal sealed class CoordinatorPlacementDirector(ClusterExperimentOptions options) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (options.CoordinatorSilo is { } home && silos.FirstOrDefault(s => Same(s.Endpoint, home)) is { } chosen)
            return Task.FromResult(chosen);
        if (silos.Contains(context.LocalSilo)) return Task.FromResult(context.LocalSilo);
        return Task.FromResult(silos[Random.Shared.Next(silos.Length)]);
    }

    private static bool Same(IPEndPoint a, IPEndPoint b) =>
        a.Port == b.Port && (a.Address.Equals(b.Address) || a.Address.MapToIPv6().Equals(b.Address.MapToIPv6()));
}
