namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// A first-in first-out queue of contact references (<see cref="ContactPool.Ref"/>) in a ring buffer that doubles
/// when full, so a replication stops allocating once its longest queue has been seen.
/// </summary>
/// <remarks>Entries are removed lazily: an abandoning contact stays in the buffer with a reference that no longer
/// matches its slot, and is skipped when it reaches the front (cheaper than searching the buffer on every abandon).</remarks>
internal sealed class RefDeque
{
    private long[] _items = new long[16];
    private int _head;
    private int _count;

    /// <summary>Entries, stale ones included.</summary>
    public int Count => _count;

    /// <summary>The oldest entry; the deque must not be empty.</summary>
    public long Front => _items[_head];

    public void Enqueue(long item)
    {
        if (_count == _items.Length) Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    /// <summary>Removes the oldest entry; the deque must not be empty.</summary>
    public void DropFront()
    {
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
    }

    private void Grow()
    {
        // Lengths stay powers of two so positions wrap with a mask.
        var larger = new long[_items.Length * 2];
        for (var i = 0; i < _count; i++) larger[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = larger;
        _head = 0;
    }
}
