namespace TwinLab.Simulation.Events;

/// <summary>A <see cref="Resource"/> whose waiting requests are served by priority (lower first), then first come first served (SimPy's <c>PriorityResource</c>).</summary>
public sealed class PriorityResource : Resource
{
    /// <summary>A resource with <paramref name="capacity"/> units.</summary>
    public PriorityResource(EventEngine engine, int capacity = 1) : base(engine, capacity) { }

    /// <summary>Requests a unit with a priority: lower values are served first.</summary>
    public ResourceRequest Request(int priority) => Enqueue(priority, false);
}
