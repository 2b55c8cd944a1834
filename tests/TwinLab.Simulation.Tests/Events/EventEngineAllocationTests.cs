using TwinLab.Simulation.Events;
using TwinLab.Simulation.Queueing;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Events;

public sealed class EventEngineAllocationTests
{
    [Fact]
    public void Step_MM1ModelAfterWarmUp_AllocatesNothing()
    {
        var engine = new EventEngine();
        var random = RandomStream.FromSeed(11);
        var model = new MmcModel(engine, random.Split(0), random.Split(1), 0.8, 1.0, 1, warmup: 0, customers: long.MaxValue);
        model.Start();
        for (var i = 0; i < 20_000; i++) engine.Step(); // let the calendar and queue reach their working size

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++) engine.Step();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(120_000, engine.EventsProcessed);
    }
}
