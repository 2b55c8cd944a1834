namespace TwinLab.Simulation.Queueing;

/// <summary>
/// The arrival times of waiting customers, oldest first: a growable ring buffer of doubles. A mutable struct
/// held in a field of its model, so enqueueing and dequeueing are plain array accesses.
/// </summary>
internal struct ArrivalTimes
{
    private double[] _items;
    private int _head;

    public ArrivalTimes(int capacity) => _items = new double[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 2))];

    public int Count { readonly get; private set; }

    public void Enqueue(double time)
    {
        if (Count == _items.Length) Grow();
        _items[(_head + Count) & (_items.Length - 1)] = time;
        Count++;
    }

    /// <summary>Removes and returns the oldest time; the queue must not be empty.</summary>
    public double Dequeue()
    {
        var time = _items[_head];
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return time;
    }

    /// <summary>Doubles the ring (the length stays a power of two, so wrapping is a mask), unrolling it to start at 0.</summary>
    private void Grow()
    {
        var bigger = new double[_items.Length * 2];
        for (var i = 0; i < Count; i++) bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = bigger;
        _head = 0;
    }
}
