namespace TwinLab.Examples.Factory;

/// <summary>Broken machines waiting for a crew, first come first served: a ring over machine indices.</summary>
/// <remarks>A machine waits at most once at a time, so room for every machine means it never grows or allocates.</remarks>
internal sealed class RepairQueue(int machines)
{
    private readonly int[] _items = new int[machines];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(int machine)
    {
        _items[(_head + Count) % _items.Length] = machine;
        Count++;
    }

    public int Dequeue()
    {
        var machine = _items[_head];
        _head = (_head + 1) % _items.Length;
        Count--;
        return machine;
    }
}
