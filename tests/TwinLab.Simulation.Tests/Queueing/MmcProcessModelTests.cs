using TwinLab.Simulation.Events;
using TwinLab.Simulation.Queueing;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Queueing;

public sealed class MmcProcessModelTests
{
    [Theory]
    [InlineData(1, 0.8)]
    [InlineData(3, 2.4)]
    public void Run_SameStreamsAsLowLevelModel_GivesSameWaits(int servers, double arrivalRate)
    {
        const int customers = 20_000;
        var random = RandomStream.FromSeed(99);
        var engine = new EventEngine();
        var lowLevel = new MmcModel(engine, random.Split(0), random.Split(1), arrivalRate, 1, servers, warmup: 0, customers);
        lowLevel.Start();
        engine.Run();

        var process = MmcProcessModel.Run(random.Split(0), random.Split(1), arrivalRate, 1, servers, customers);

        Assert.Equal(customers, process.Served);
        Assert.Equal(2L * customers, engine.EventsProcessed);
        Assert.Equal(lowLevel.MeanWait, process.MeanWait, 9);
        Assert.Equal(engine.Now, process.EndTime, 9);
    }
}
