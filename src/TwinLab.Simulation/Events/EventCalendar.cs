namespace TwinLab.Simulation.Events;

/// <summary>
/// The pending events: an array-backed binary min-heap of reference-free keys on (time, sequence), and slots
/// holding each event's handler, kind and payload. A mutable struct held in a field of <see cref="EventEngine"/>.
/// </summary>
/// <remarks>
/// Keys and slots are split because a struct holding an object reference costs a GC write barrier every time
/// the heap moves it; this way a handler reference is written once when scheduled and cleared once when
/// dispatched. Sift-up and sift-down move a hole rather than swapping (Knuth, TAOCP vol. 3, 5.2.3). Arrays only
/// grow (doubling), so a model whose calendar has reached its working size never allocates again.
/// </remarks>
internal struct EventCalendar
{
    private ScheduledEvent[] _heap;
    private int _count;
    private IEventHandler?[] _handlers;
    private long[] _payloads;
    private int[] _kinds;
    private int[] _freeSlots;
    private int _freeCount;

    public EventCalendar(int capacity)
    {
        capacity = Math.Max(capacity, 4);
        _heap = new ScheduledEvent[capacity];
        _handlers = new IEventHandler?[capacity];
        _payloads = new long[capacity];
        _kinds = new int[capacity];
        _freeSlots = new int[capacity];
        for (var i = 0; i < capacity; i++) _freeSlots[i] = capacity - 1 - i;
        _freeCount = capacity;
    }

    public readonly int Count => _count;

    public readonly double FirstTime => _heap[0].Time;

    public void Push(double time, long sequence, IEventHandler handler, int kind, long payload)
    {
        if (_freeCount == 0) Grow();
        var slot = _freeSlots[--_freeCount];
        _handlers[slot] = handler;
        _kinds[slot] = kind;
        _payloads[slot] = payload;

        var entry = new ScheduledEvent { Time = time, Sequence = sequence, Slot = slot };
        var heap = _heap;
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!entry.Precedes(heap[parent])) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    /// <summary>Removes the earliest event and returns its handler; the calendar must not be empty.</summary>
    public IEventHandler Pop(out double time, out int kind, out long payload)
    {
        var heap = _heap;
        var first = heap[0];
        var n = --_count;
        if (n > 0)
        {
            var last = heap[n];
            var i = 0;
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= n) break;
                if (child + 1 < n && heap[child + 1].Precedes(heap[child])) child++;
                if (!heap[child].Precedes(last)) break;
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
        }
        time = first.Time;
        var slot = first.Slot;
        kind = _kinds[slot];
        payload = _payloads[slot];
        var handler = _handlers[slot]!;
        _handlers[slot] = null; // keep nothing alive that no event refers to
        _freeSlots[_freeCount++] = slot;
        return handler;
    }

    public void Clear()
    {
        var capacity = _heap.Length;
        Array.Clear(_handlers);
        for (var i = 0; i < capacity; i++) _freeSlots[i] = capacity - 1 - i;
        _freeCount = capacity;
        _count = 0;
    }

    /// <summary>Doubles every array; called only when all slots are taken, so the new slots are the upper half.</summary>
    private void Grow()
    {
        var capacity = _heap.Length;
        Array.Resize(ref _heap, capacity * 2);
        Array.Resize(ref _handlers, capacity * 2);
        Array.Resize(ref _payloads, capacity * 2);
        Array.Resize(ref _kinds, capacity * 2);
        Array.Resize(ref _freeSlots, capacity * 2);
        for (var i = 0; i < capacity; i++) _freeSlots[i] = capacity * 2 - 1 - i;
        _freeCount = capacity;
    }
}
