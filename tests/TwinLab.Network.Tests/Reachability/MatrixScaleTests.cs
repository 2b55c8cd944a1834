using System.Diagnostics;
using TwinLab.Network.Reachability;
using TwinLab.Network.Synthetic;
using Xunit.Abstractions;

namespace TwinLab.Network.Tests.Reachability;

/// <summary>The full matrix on a generated 10,000-host / 50,000-service enterprise. The time is printed for the
/// record (issue 6 figure: reachability + attack graph under 5 s); it is not asserted.</summary>
public sealed class MatrixScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void Matrix_TenThousandHosts_MatchesPairwiseOnASampleAndReportsItsTime()
    {
        var topology = GeneratedEnterprise.Build(10_000);
        var clock = Stopwatch.StartNew();
        var engine = new ReachabilityEngine(topology);
        var prepare = clock.ElapsedMilliseconds;
        var matrix = engine.ComputeMatrix();
        var compute = clock.ElapsedMilliseconds - prepare;
        var pairs = matrix.AllowedPairCount();
        clock.Stop();
        output.WriteLine($"hosts {topology.Hosts.Count}, services {matrix.Services.Count}, source classes {matrix.SourceClassCount}, " +
            $"service classes {matrix.ServiceClassCount}, path evaluations {matrix.PathEvaluations}, allowed pairs {pairs:N0}; " +
            $"engine {prepare} ms + matrix {compute} ms + count {clock.ElapsedMilliseconds - prepare - compute} ms = {clock.ElapsedMilliseconds} ms");
        Assert.Equal(50_000, matrix.Services.Count);

        // Spot-check the class shortcut against direct evaluation on a deterministic sample.
        var sources = matrix.HostSources.Where((_, i) => i % 997 == 0).Concat(matrix.ZoneSources).ToList();
        for (var i = 0; i < matrix.Services.Count; i += 1231)
        {
            var s = matrix.Services[i];
            foreach (var source in sources)
                Assert.True(engine.CanConnect(source, s.Host, s.Protocol, s.Port) == matrix.CanReach(source, i), $"{source} -> {s}");
        }
        Assert.True(matrix.CanReach("internet", matrix.Services.ToList().FindIndex(s => s.Port == 443 && s.Host.StartsWith("web-server", StringComparison.Ordinal))));
    }
}
