namespace TwinLab.Simulation.Events;

/// <summary>Putting an item into a store: succeeds once there was room. Disposing it while it still waits withdraws it.</summary>
/// <typeparam name="T">The items.</typeparam>
public sealed class StorePut<T> : SimEvent, IDisposable
{
    private readonly StoreBase<T> _store;

    internal StorePut(StoreBase<T> store, T item) : base(store.Engine)
    {
        _store = store;
        Item = item;
    }

    /// <summary>The item being put.</summary>
    public T Item { get; }

    private protected override bool IsUserTriggerable => false;

    /// <summary>Withdraws the put if it still waits; does nothing once it succeeded.</summary>
    public void Dispose()
    {
        if (!IsTriggered) _store.Withdraw(this);
    }

    internal void Complete() => Trigger(0, null, null);
}
