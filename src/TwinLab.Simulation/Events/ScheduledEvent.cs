namespace TwinLab.Simulation.Events;

/// <summary>
/// A heap entry of the event calendar: when an event is due, its scheduling order, and the slot holding its
/// handler and data. It holds no object reference, so moving it in the heap needs no GC write barrier.
/// </summary>
internal struct ScheduledEvent
{
    public double Time;
    /// <summary>Order of scheduling: breaks ties between events due at the same time, first scheduled first.</summary>
    public long Sequence;
    public int Slot;

    /// <summary>Whether this event runs before <paramref name="other"/>.</summary>
    public readonly bool Precedes(in ScheduledEvent other) =>
        Time < other.Time || (Time == other.Time && Sequence < other.Sequence);
}
