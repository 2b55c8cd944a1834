namespace TwinLab.Network.Attack;

/// <summary>
/// A Fenwick (binary indexed) tree of integer weights over action slots (Fenwick, "A new data structure for cumulative
/// frequency tables", Software: Practice and Experience 24(3), 1994): set a weight and draw a slot with probability
/// proportional to its weight, both in O(log n). Integer weights keep the sums exact however many updates are made.
/// </summary>
internal sealed class ActionSampler(int size)
{
    private readonly long[] _tree = new long[size + 1];
    private readonly long[] _weight = new long[size];
    private readonly int _top = size == 0 ? 0 : 1 << (31 - int.LeadingZeroCount(size));

    public long Total { get; private set; }

    public long WeightOf(int slot) => _weight[slot];

    public void Clear()
    {
        Array.Clear(_tree);
        Array.Clear(_weight);
        Total = 0;
    }

    public void Set(int slot, long weight)
    {
        var delta = weight - _weight[slot];
        if (delta == 0) return;
        _weight[slot] = weight;
        Total += delta;
        for (var i = slot + 1; i < _tree.Length; i += i & -i) _tree[i] += delta;
    }

    /// <summary>The slot whose cumulative weight range holds <paramref name="target"/> (0 ≤ target &lt; Total).</summary>
    public int Find(long target)
    {
        var position = 0;
        for (var step = _top; step > 0; step >>= 1)
        {
            var next = position + step;
            if (next < _tree.Length && _tree[next] <= target)
            {
                position = next;
                target -= _tree[next];
            }
        }
        return position; // the answer is 1-based position + 1, i.e. 0-based slot "position"
    }
}
