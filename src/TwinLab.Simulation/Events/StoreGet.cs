namespace TwinLab.Simulation.Events;

/// <summary>Taking an item from a store: succeeds with <see cref="Item"/>. Disposing it while it still waits withdraws it.</summary>
/// <typeparam name="T">The items.</typeparam>
public sealed class StoreGet<T> : SimEvent, IDisposable
{
    private readonly StoreBase<T> _store;

    internal StoreGet(StoreBase<T> store, Func<T, bool>? filter) : base(store.Engine)
    {
        _store = store;
        Filter = filter;
    }

    /// <summary>The item taken (default until the get succeeds). Typed, so value types are not boxed.</summary>
    public T Item { get; private set; } = default!;

    internal Func<T, bool>? Filter { get; }

    private protected override bool IsUserTriggerable => false;

    /// <summary>Withdraws the get if it still waits; does nothing once it succeeded.</summary>
    public void Dispose()
    {
        if (!IsTriggered) _store.Withdraw(this);
    }

    internal void Complete(T item)
    {
        Item = item;
        Trigger(0, null, null);
    }
}
