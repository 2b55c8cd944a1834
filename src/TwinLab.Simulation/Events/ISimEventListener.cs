namespace TwinLab.Simulation.Events;

/// <summary>Something waiting for a <see cref="SimEvent"/>: a process, or a condition over several events.</summary>
internal interface ISimEventListener
{
    /// <summary>The event has been processed: it succeeded or failed, and this is the moment waiters resume.</summary>
    void OnProcessed(SimEvent simEvent);
}
