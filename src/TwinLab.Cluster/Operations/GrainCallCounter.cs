namespace TwinLab.Cluster.Operations;

/// <summary>
/// Counts the grain calls this silo receives. Orleans 10 no longer fills the management grain's message counters
/// (they read 0), so TwinLab counts calls itself, at the one place every call passes through.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private long _calls;

    /// <summary>Grain calls received since the silo started.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <inheritdoc />
    public Task Invoke(IIncomingGrainCallContext context)
    {
        Interlocked.Increment(ref _calls);
        return context.Invoke();
    }
}
