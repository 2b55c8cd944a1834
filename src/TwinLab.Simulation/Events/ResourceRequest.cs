namespace TwinLab.Simulation.Events;

/// <summary>
/// A request for one unit of a <see cref="Resource"/>: an event that succeeds when the unit is granted.
/// Disposing it releases the unit, or withdraws the request if it is still queued, so
/// <c>using var request = resource.Request();</c> inside a process body frees the unit whatever path the body takes.
/// </summary>
public sealed class ResourceRequest : SimEvent, IDisposable
{
    internal ResourceRequest(Resource resource, int priority, bool preempt, long sequence) : base(resource.Engine)
    {
        Resource = resource;
        Priority = priority;
        Preempt = preempt;
        Sequence = sequence;
        Owner = Engine.ActiveProcess;
        RequestedAt = Engine.Now;
    }

    /// <summary>The resource requested.</summary>
    public Resource Resource { get; }

    /// <summary>Its priority: lower values are served first (as in SimPy).</summary>
    public int Priority { get; }

    /// <summary>Whether it may pre-empt a less important user (<see cref="PreemptiveResource"/> only).</summary>
    public bool Preempt { get; }

    /// <summary>The process that made it; it is the one interrupted if the request is pre-empted.</summary>
    public Process? Owner { get; }

    /// <summary>When it was made.</summary>
    public double RequestedAt { get; }

    /// <summary>When it was granted, or NaN.</summary>
    public double GrantedAt { get; private set; } = double.NaN;

    /// <summary>Whether it holds a unit of the resource now.</summary>
    public bool IsGranted { get; private set; }

    /// <summary>Whether a more important request took its unit away.</summary>
    public bool WasPreempted { get; private set; }

    /// <summary>Order of creation on its resource: breaks ties between equal priorities.</summary>
    internal long Sequence { get; }

    private protected override bool IsUserTriggerable => false;

    /// <summary>Releases the unit, or withdraws the request if still queued; does nothing the second time.</summary>
    public void Dispose() => Resource.Release(this);

    /// <inheritdoc />
    public override string ToString() => $"Request(priority {Priority}, at {RequestedAt})";

    internal void Grant()
    {
        IsGranted = true;
        GrantedAt = Engine.Now;
        Trigger(0, this, null);
    }

    internal void Revoke(bool preempted)
    {
        IsGranted = false;
        WasPreempted = preempted;
    }
}
