using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Examples.Factory.Tests;

public class DeterminismTests
{
    private static readonly IPreparedModel Model = Simulate.Prepare(FactoryGraph.Load(), 120, ("buffer_size", 3));

    [Fact]
    public void The_same_stream_gives_the_same_replication()
    {
        var a = Model.Run(RandomStream.For(42, 0, 3), CancellationToken.None);
        var b = Model.Run(RandomStream.For(42, 0, 3), CancellationToken.None);
        var other = Model.Run(RandomStream.For(42, 0, 4), CancellationToken.None);

        Assert.Equal(a.Kpis, b.Kpis);
        Assert.Equal(a.Series![0].Values, b.Series![0].Values);
        Assert.NotEqual(a.Kpis, other.Kpis);
    }

    [Fact]
    public void Concurrent_runs_give_what_sequential_runs_give()
    {
        const int n = 16;
        var sequential = Enumerable.Range(0, n).Select(r => Model.Run(RandomStream.For(1, 0, r), CancellationToken.None)).ToArray();
        var concurrent = new ReplicationOutcome[n];

        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            r => concurrent[r] = Model.Run(RandomStream.For(1, 0, r), CancellationToken.None));

        for (var r = 0; r < n; r++)
        {
            Assert.Equal(sequential[r].Kpis, concurrent[r].Kpis);
            Assert.Equal(sequential[r].Series![1].Values, concurrent[r].Series![1].Values);
        }
    }

    [Fact]
    public void The_series_are_sampled_every_hour_and_count_parts_as_they_are_made()
    {
        var outcome = Model.Run(RandomStream.For(5, 0, 0), CancellationToken.None);

        var parts = outcome.Series!.Single(s => s.Name == "parts_made");
        Assert.Equal(Enumerable.Range(1, 120).Select(h => (double)h), parts.Times);
        Assert.True(parts.Values.Zip(parts.Values.Skip(1)).All(p => p.First <= p.Second), "cumulative parts never fall");
        // The KPI window is hours 8–120: its throughput is the growth of the cumulative count over it.
        Assert.Equal((parts.Values[^1] - parts.Values[7]) / 112, outcome.Kpis[0], 9);
        Assert.All(outcome.Series!.Single(s => s.Name == "wip").Values, w => Assert.InRange(w, 1, 5 + 4 * 3));
    }
}
