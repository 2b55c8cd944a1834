namespace TwinLab.Simulation.Events;

/// <summary>
/// A <see cref="Resource"/> where a request may take a unit away from a less important user (SimPy's
/// <c>PreemptiveResource</c>). The user pre-empted loses the unit at once and its owning process is
/// interrupted with a <see cref="Preempted"/> cause.
/// </summary>
/// <remarks>
/// The victim is the user with the largest priority value, and among those the latest request; it is
/// pre-empted only if its priority value is strictly larger than the new request's.
/// </remarks>
public sealed class PreemptiveResource : Resource
{
    /// <summary>A resource with <paramref name="capacity"/> units.</summary>
    public PreemptiveResource(EventEngine engine, int capacity = 1) : base(engine, capacity) { }

    /// <summary>Requests a unit with a priority (lower is more important); with <paramref name="preempt"/> it may take a unit from a less important user.</summary>
    public ResourceRequest Request(int priority, bool preempt = true) => Enqueue(priority, preempt);

    private protected override bool TryPreempt(ResourceRequest head)
    {
        if (!head.Preempt || Users.Count == 0) return false;
        var victim = Users[0];
        foreach (var user in Users)
            if (user.Priority > victim.Priority || (user.Priority == victim.Priority && user.Sequence > victim.Sequence))
                victim = user;
        if (victim.Priority <= head.Priority) return false;
        Evict(victim);
        // A process pre-empting its own earlier request already knows; interrupting itself is not allowed.
        if (victim.Owner is { IsAlive: true } owner && !ReferenceEquals(owner, Engine.ActiveProcess))
            owner.Interrupt(new Preempted(head.Owner, victim.GrantedAt, this));
        return true;
    }
}
