using System.Globalization;

namespace TwinLab.Cluster.Twins;

/// <summary>The cluster's twin operations that span grains: queries fanned out over a branch's index shards.</summary>
public static class ClusterTwins
{
    /// <summary>Runs a query on every index shard of <paramref name="branch"/> at once and concatenates the items.</summary>
    /// <remarks>Each shard applies the query to its own twins, so <c>TOP</c> and <c>COUNT()</c> are per shard; the caller sums counts.</remarks>
    /// <exception cref="TwinRejectedException">The query does not parse or needs a JOIN.</exception>
    public static async Task<IReadOnlyList<string>> QueryAsync(IGrainFactory grains, string branch, string query, int shards)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, shards).Select(s =>
            grains.GetGrain<ITwinIndexGrain>(TwinKey.Of(branch, s.ToString(CultureInfo.InvariantCulture))).QueryAsync(query)));
        return parts.SelectMany(p => p).ToArray();
    }
}
