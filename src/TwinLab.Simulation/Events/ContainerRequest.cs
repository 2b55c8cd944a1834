namespace TwinLab.Simulation.Events;

/// <summary>A put into or get from a <see cref="Container"/>: succeeds once served. Disposing it while it still waits withdraws it.</summary>
public sealed class ContainerRequest : SimEvent, IDisposable
{
    internal ContainerRequest(Container container, double amount, bool isPut) : base(container.Engine)
    {
        Container = container;
        Amount = amount;
        IsPut = isPut;
    }

    /// <summary>The container.</summary>
    public Container Container { get; }

    /// <summary>How much is put or got.</summary>
    public double Amount { get; }

    /// <summary>Whether it is a put (else a get).</summary>
    public bool IsPut { get; }

    private protected override bool IsUserTriggerable => false;

    /// <summary>Withdraws the request if it still waits; does nothing once it succeeded.</summary>
    public void Dispose()
    {
        if (!IsTriggered) Container.Withdraw(this);
    }

    internal void Complete() => Trigger(0, null, null);
}
