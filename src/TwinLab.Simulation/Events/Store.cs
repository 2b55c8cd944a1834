namespace TwinLab.Simulation.Events;

/// <summary>A first-in first-out buffer of items shared by processes (SimPy's <c>Store</c>): puts wait for room, gets wait for an item.</summary>
/// <typeparam name="T">The items.</typeparam>
public sealed class Store<T> : StoreBase<T>
{
    private readonly Queue<T> _items = new();

    /// <summary>A store holding at most <paramref name="capacity"/> items.</summary>
    public Store(EventEngine engine, int capacity = int.MaxValue) : base(engine, capacity) { }

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <summary>The items, oldest first.</summary>
    public IReadOnlyCollection<T> Items => _items;

    /// <summary>Takes the oldest item: the event succeeds once there is one (see <see cref="StoreGet{T}.Item"/>).</summary>
    public StoreGet<T> Get() => EnqueueGet(null);

    private protected override void Add(T item) => _items.Enqueue(item);

    private protected override bool TryTake(Func<T, bool>? filter, out T item) => _items.TryDequeue(out item!);
}
