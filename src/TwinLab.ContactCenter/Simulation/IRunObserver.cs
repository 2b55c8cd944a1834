namespace TwinLab.ContactCenter.Simulation;

/// <summary>Sees individual services of a replication (for tests and traces); a run without one pays a null check.</summary>
internal interface IRunObserver
{
    /// <summary>Agent <paramref name="agent"/> started serving a contact of queue <paramref name="queue"/>.</summary>
    /// <param name="agent">Agent index in the compiled scenario.</param>
    /// <param name="queue">Queue index.</param>
    /// <param name="time">Seconds from the start of the run.</param>
    /// <param name="waited">Seconds since the contact entered the queue.</param>
    /// <param name="callback">Whether this is a callback.</param>
    void ServiceStarted(int agent, int queue, double time, double waited, bool callback);
}
