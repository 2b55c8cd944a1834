namespace TwinLab.Simulation.Events;

/// <summary>A store whose gets may ask for an item that matches a filter (SimPy's <c>FilterStore</c>); items are searched oldest first.</summary>
/// <typeparam name="T">The items.</typeparam>
public sealed class FilterStore<T> : StoreBase<T>
{
    private readonly List<T> _items = [];

    /// <summary>A store holding at most <paramref name="capacity"/> items.</summary>
    public FilterStore(EventEngine engine, int capacity = int.MaxValue) : base(engine, capacity) { }

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <summary>The items, oldest first.</summary>
    public IReadOnlyList<T> Items => _items;

    /// <summary>Takes the oldest item.</summary>
    public StoreGet<T> Get() => EnqueueGet(null);

    /// <summary>Takes the oldest item <paramref name="filter"/> accepts, once there is one.</summary>
    public StoreGet<T> Get(Func<T, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return EnqueueGet(filter);
    }

    private protected override void Add(T item) => _items.Add(item);

    private protected override bool TryTake(Func<T, bool>? filter, out T item)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (filter is not null && !filter(_items[i])) continue;
            item = _items[i];
            _items.RemoveAt(i);
            return true;
        }
        item = default!;
        return false;
    }
}
