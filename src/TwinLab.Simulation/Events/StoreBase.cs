namespace TwinLab.Simulation.Events;

/// <summary>
/// What <see cref="Store{T}"/> and <see cref="FilterStore{T}"/> share: a bounded buffer of items with queues
/// of waiting puts (served first come first served) and waiting gets.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
public abstract class StoreBase<T>
{
    private readonly List<StorePut<T>> _puts = [];
    private readonly List<StoreGet<T>> _gets = [];

    private protected StoreBase(EventEngine engine, int capacity)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Engine = engine;
        Capacity = capacity;
    }

    /// <summary>The engine it lives on.</summary>
    public EventEngine Engine { get; }

    /// <summary>How many items it holds at most.</summary>
    public int Capacity { get; }

    /// <summary>How many items it holds.</summary>
    public abstract int Count { get; }

    /// <summary>How many puts wait for room.</summary>
    public int WaitingPuts => _puts.Count;

    /// <summary>How many gets wait for an item.</summary>
    public int WaitingGets => _gets.Count;

    /// <summary>Puts an item in: the event succeeds once there is room.</summary>
    public StorePut<T> Put(T item)
    {
        var put = new StorePut<T>(this, item);
        _puts.Add(put);
        Match();
        return put;
    }

    private protected StoreGet<T> EnqueueGet(Func<T, bool>? filter)
    {
        var get = new StoreGet<T>(this, filter);
        _gets.Add(get);
        Match();
        return get;
    }

    private protected abstract void Add(T item);

    /// <summary>Removes the first item <paramref name="filter"/> accepts (any item when null).</summary>
    private protected abstract bool TryTake(Func<T, bool>? filter, out T item);

    internal void Withdraw(StorePut<T> put) => _puts.Remove(put);

    internal void Withdraw(StoreGet<T> get) => _gets.Remove(get);

    /// <summary>
    /// Serves waiting puts while there is room and waiting gets while a matching item is there, until neither
    /// moves. A get whose filter matches nothing does not hold up later gets (SimPy's FilterStore semantics).
    /// </summary>
    private void Match()
    {
        bool progress;
        do
        {
            progress = false;
            while (_puts.Count > 0 && Count < Capacity)
            {
                var put = _puts[0];
                _puts.RemoveAt(0);
                Add(put.Item);
                put.Complete();
                progress = true;
            }
            for (var i = 0; i < _gets.Count && Count > 0;)
            {
                var get = _gets[i];
                if (!TryTake(get.Filter, out var item))
                {
                    i++;
                    continue;
                }
                _gets.RemoveAt(i);
                get.Complete(item);
                progress = true;
            }
        } while (progress);
    }
}
