using TwinLab.Simulation.Events;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Queueing;

/// <summary>
/// The same M/M/c queue as <see cref="MmcModel"/>, written on the process layer the way a SimPy user would
/// (a source process, one process per customer, a <see cref="Resource"/> for the servers). It draws the same
/// numbers in the same order, so with the same streams it gives the same waits: a cross-check of the process
/// layer against the low-level model, and the process-layer figure in the SimPy comparison.
/// </summary>
internal static class MmcProcessModel
{
    /// <summary>Simulates <paramref name="customers"/> customers until the last has left.</summary>
    public static MmcProcessResult Run(RandomStream arrivals, RandomStream services,
        double arrivalRate, double serviceRate, int servers, long customers)
    {
        var engine = new EventEngine();
        double meanGap = 1 / arrivalRate, meanService = 1 / serviceRate;
        var desk = new Resource(engine, servers);
        var waitSum = 0.0;
        long served = 0;
        engine.Start(Source());
        engine.Run();
        return new MmcProcessResult(waitSum / customers, served, engine.EventsProcessed, engine.Now);

        IEnumerable<SimEvent> Source()
        {
            for (long i = 0; i < customers; i++)
            {
                yield return engine.Timeout(ExponentialZiggurat.NextStandard(arrivals) * meanGap);
                engine.Start(Customer());
            }
        }

        IEnumerable<SimEvent> Customer()
        {
            var arrived = engine.Now;
            using var request = desk.Request();
            yield return request;
            waitSum += engine.Now - arrived;
            yield return engine.Timeout(ExponentialZiggurat.NextStandard(services) * meanService);
            served++;
        }
    }
}

/// <summary>What a process-layer M/M/c run produced.</summary>
/// <param name="MeanWait">Mean wait of all customers.</param>
/// <param name="Served">Customers who finished service.</param>
/// <param name="EngineEvents">Events the engine dispatched (process starts, timeouts, grants, process ends).</param>
/// <param name="EndTime">When the last customer left.</param>
internal readonly record struct MmcProcessResult(double MeanWait, long Served, long EngineEvents, double EndTime);
