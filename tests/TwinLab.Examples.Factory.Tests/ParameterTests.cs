using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;

namespace TwinLab.Examples.Factory.Tests;

public class ParameterTests
{
    private static readonly SimulatorInfo Info = Simulate.Simulator.Info;

    [Theory]
    [InlineData("repair_crews", -1)]
    [InlineData("buffer_size", -1)]
    [InlineData("buffer_size", 2.5)]
    [InlineData("mtbf_scale", 0)]
    public void Out_of_range_values_are_refused_with_the_parameter_name(string name, double value)
    {
        var e = Assert.Throws<TwinLabException>(() => ParameterSet.Create(Info, [new(name, value)]));

        Assert.Contains($"'{name}'", e.Message);
    }

    [Fact]
    public void Zero_crews_in_the_twin_and_in_the_scenario_is_refused()
    {
        var graph = FactoryGraph.Load(file => FactoryGraph.Twin(file, "crews")["size"] = 0);

        var e = Assert.Throws<TwinLabException>(() => Simulate.Prepare(graph, 100, ("repair_crews", 0)));

        Assert.Contains("'crews'", e.Message);
        Assert.Contains("repair_crews", e.Message);
        Assert.NotNull(Simulate.Prepare(graph, 100, ("repair_crews", 2)));
    }

    [Fact]
    public void The_horizon_must_outlast_the_warm_up()
    {
        var e = Assert.Throws<TwinLabException>(() => Simulate.Prepare(FactoryGraph.Load(), 8, ("warmup_hours", 8)));

        Assert.Contains("warmup_hours", e.Message);
    }

    [Fact]
    public void Without_a_twin_the_simulator_asks_for_one()
    {
        var e = Assert.Throws<TwinLabException>(() => Simulate.Prepare(null, 100));

        Assert.Contains("twin", e.Message);
    }

    [Theory]
    [InlineData(0, 0, 1500 + 1 * 45 + 8 * 7)] // as in the twin: 1 crew, 4 buffers of 2
    [InlineData(4, 2, 1500 + 2 * 45 + 16 * 7)]
    [InlineData(1, 3, 1500 + 3 * 45 + 4 * 7)]
    public void Cost_per_hour_counts_the_line_the_crews_and_every_buffer_slot(int bufferSize, int crews, double expected)
    {
        var result = Simulate.Run(FactoryGraph.Load(), 20, 2, ("buffer_size", bufferSize), ("repair_crews", crews));

        Assert.Equal(expected, result.Mean("cost_per_hour"), 9);
        Assert.Equal(result.Mean("throughput") / expected * 1000, result.Mean("throughput_per_cost"), 9);
    }
}
