using System.Text.Json;
using TwinLab.Cluster.Experiments;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Tests.Experiments;

/// <summary>
/// A scenario whose simulator reads the twin: the factory example's comparison (line A as its twins describe it, against
/// a second repair crew and bigger buffers). Its twins are put on the cluster through the twin grains; the run on 1 and
/// 3 silos must equal, bit for bit, the single-machine engine run on the same twins loaded from the example's graph file.
/// </summary>
public sealed class ClusterTwinExperimentTests
{
    private const string File = "factory/compare.yaml";
    private static readonly string[] ModelFiles = ["Factory.json", "ProductionLine.json", "Machine.json", "Buffer.json", "RepairCrewPool.json"];

    // `twinlab run examples/factory/compare.yaml`: the graph file loaded into a fresh branch, the engine run on its state.
    private static readonly Lazy<ExperimentRecord> Reference = new(() =>
    {
        var graph = new TwinGraph();
        graph.ImportModels(ExampleGraphs.Models("factory", ModelFiles).Select(m => new DtdlSource(m)));
        using var file = JsonDocument.Parse(Examples.Read("factory/twins.json"));
        GraphFile.Apply(graph, file.RootElement, "twins.json");
        var catalog = TestClusters.Catalog();
        var scenario = new ScenarioParser(catalog).Parse(OnTheCluster(Examples.Read(File)), File);
        return ExperimentRunner.Run(scenario, catalog.Get(scenario.Simulator), graph.Snapshot(), new TwinOrigin("main", 0, "reference"),
            new RunOptions(scenario.Seed, 2), TimeProvider.System);
    });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task FactoryCompare_TwinOnTheGrains_EqualsSingleMachineRunBitForBit(short silos)
    {
        var cluster = await TestClusters.StartAsync(silos);
        try
        {
            using var file = JsonDocument.Parse(Examples.Read("factory/twins.json"));
            await ExampleGraphs.LoadAsync(cluster.GrainFactory, "main", ExampleGraphs.Models("factory", ModelFiles), file.RootElement);
            var grain = cluster.GrainFactory.GetGrain<IExperimentGrain>($"factory-{silos}");
            await grain.StartAsync(new ExperimentOrder(OnTheCluster(Examples.Read(File)), File, PartitionSize: 8));
            var last = await TestClusters.PollAsync(grain.GetStatusAsync, s => s.State != ExperimentState.Running, TimeSpan.FromMinutes(8));

            Assert.True(last.State == ExperimentState.Finished, last.Error);
            var record = ResultsJson.Deserialize((await grain.GetResultJsonAsync())!);
            Assert.Equal(4, record.Scenarios.Count);
            Assert.Equal(JsonSerializer.Serialize(Reference.Value.Scenarios, ResultsJson.Options), JsonSerializer.Serialize(record.Scenarios, ResultsJson.Options));
            Assert.Equal(JsonSerializer.Serialize(Reference.Value.Comparisons, ResultsJson.Options), JsonSerializer.Serialize(record.Comparisons, ResultsJson.Options));
            // The twin was frozen at the start and is what every silo fetched.
            var twin = Assert.IsType<ExperimentTwin>(await grain.GetTwinAsync());
            Assert.Equal(file.RootElement.GetProperty("twins").GetArrayLength(), ExperimentTwins.Read(twin).Twins.Count);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_ScenarioThatLoadsAFileOrForksThePast_IsRefusedSayingWhy()
    {
        var cluster = await TestClusters.StartAsync(1);
        try
        {
            // Named by its full path, so that the parser finds the graph file beside it (it checks that it exists).
            var path = Examples.PathOf(File);
            var load = await Assert.ThrowsAsync<ArgumentException>(() =>
                cluster.GrainFactory.GetGrain<IExperimentGrain>("load").StartAsync(new ExperimentOrder(Examples.Read(File), path)));
            Assert.Contains($"{path}: 'twin: load'", load.Message);
            var at = await Assert.ThrowsAsync<ArgumentException>(() => cluster.GrainFactory.GetGrain<IExperimentGrain>("at")
                .StartAsync(new ExperimentOrder(OnTheCluster(Examples.Read(File)).Replace("simulator:", "twin: { at: 3 }\nsimulator:"), File)));
            Assert.Contains("'twin: at'", at.Message);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The scenario without its <c>twin: load</c>: on the cluster the twins are already on the grains of main.</summary>
    private static string OnTheCluster(string scenario)
    {
        var text = scenario.Replace("twin:\n  load: twins.json\n", "", StringComparison.Ordinal);
        Assert.NotEqual(scenario, text);
        return text;
    }
}
