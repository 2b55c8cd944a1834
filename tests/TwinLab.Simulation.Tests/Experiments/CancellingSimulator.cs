using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Experiments;

/// <summary>Wraps a simulator and cancels the experiment once <paramref name="after"/> replications have run.</summary>
internal sealed class CancellingSimulator(ISimulator inner, CancellationTokenSource source, int after) : ISimulator
{
    private int _runs;

    public SimulatorInfo Info => inner.Info;

    public IPreparedModel Prepare(SimulationSetup setup) => new Model(inner.Prepare(setup), this);

    private void Finished()
    {
        if (Interlocked.Increment(ref _runs) == after) source.Cancel();
    }

    private sealed class Model(IPreparedModel inner, CancellingSimulator owner) : IPreparedModel
    {
        public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
        {
            var outcome = inner.Run(random, cancellationToken);
            owner.Finished();
            return outcome;
        }
    }
}
