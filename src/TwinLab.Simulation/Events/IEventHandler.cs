namespace TwinLab.Simulation.Events;

/// <summary>
/// Receives the events it scheduled on an <see cref="EventEngine"/>. The low-level modelling interface:
/// one handler usually serves a whole model and tells its events apart by <c>kind</c> and <c>payload</c>,
/// so scheduling and dispatching allocate nothing.
/// </summary>
public interface IEventHandler
{
    /// <summary>Called when the event is due; <see cref="EventEngine.Now"/> is its time.</summary>
    /// <param name="kind">The kind given when the event was scheduled.</param>
    /// <param name="payload">The payload given when the event was scheduled.</param>
    void Handle(int kind, long payload);
}
