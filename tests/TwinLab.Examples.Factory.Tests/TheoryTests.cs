using static TwinLab.Examples.Factory.Tests.TestLine;

namespace TwinLab.Examples.Factory.Tests;

/// <summary>Checks against results known without simulating.</summary>
public class TheoryTests
{
    [Fact]
    public void A_fixed_cycle_line_without_failures_runs_at_the_pace_of_its_slowest_machine()
    {
        var graph = Build(capacity: 1, crews: 1, new Station(2, 0), new Station(3.5, 0), new Station(2.5, 0));

        var result = Simulate.Run(graph, horizon: 100, replications: 2);

        // 60 / 3.5 parts an hour, give or take the one part a window boundary can cut.
        Assert.Equal(60 / 3.5, result.Mean("throughput"), 0.02);
        Assert.Equal(1.0, result.Mean("availability"));
    }

    [Fact]
    public void With_little_variability_and_room_to_buffer_the_bottleneck_still_sets_the_pace()
    {
        var graph = Build(capacity: 5, crews: 1, new Station(2, 0.1), new Station(3.5, 0.1), new Station(2.5, 0.1));

        var throughput = Simulate.Run(graph, horizon: 200, replications: 4).Mean("throughput");

        Assert.InRange(throughput, 0.97 * 60 / 3.5, 1.005 * 60 / 3.5);
    }

    [Fact]
    public void A_single_machine_is_up_mtbf_over_mtbf_plus_mttr_of_the_time()
    {
        // MTBF 2 h, MTTR 30 min: A = 2 / 2.5 = 0.8, and it makes 60 × 0.8 = 48 parts an hour.
        var graph = Build(capacity: 0, crews: 1, new Station(1, 0.5, MtbfHours: 2, MttrMinutes: 30));

        var result = Simulate.Run(graph, horizon: 200, replications: 16);

        var availability = result.Summary("availability");
        Assert.InRange(0.8, availability.Mean - 1.5 * availability.HalfWidth, availability.Mean + 1.5 * availability.HalfWidth);
        Assert.InRange(result.Mean("throughput"), 48 * 0.97, 48 * 1.03);
    }

    [Fact]
    public void More_crews_never_reduce_availability()
    {
        var graph = FactoryGraph.Load();

        var availability = Enumerable.Range(1, 4)
            .Select(crews => Simulate.Run(graph, 150, 6, ("repair_crews", crews)).Mean("availability"))
            .ToArray();

        for (var i = 1; i < availability.Length; i++)
            Assert.True(availability[i] >= availability[i - 1] - 1e-9, $"availability {string.Join(", ", availability)}");
        Assert.True(availability[^1] > availability[0], "a second crew should help a line whose one crew is often busy");
    }

    [Fact]
    public void Bigger_buffers_never_reduce_throughput()
    {
        var graph = FactoryGraph.Load();

        var throughput = new[] { 1, 2, 4, 8 }
            .Select(size => Simulate.Run(graph, 150, 6, ("buffer_size", size), ("repair_crews", 2)).Mean("throughput"))
            .ToArray();

        for (var i = 1; i < throughput.Length; i++)
            Assert.True(throughput[i] >= throughput[i - 1], $"throughput {string.Join(", ", throughput)}");
        Assert.True(throughput[^1] > throughput[0], $"throughput {string.Join(", ", throughput)}");
    }
}
