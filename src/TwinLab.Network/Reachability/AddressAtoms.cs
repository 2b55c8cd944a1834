using TwinLab.Network.Firewall;

namespace TwinLab.Network.Reachability;

/// <summary>The address space of one family cut at every prefix boundary that any rule, zone or flow uses, so every
/// address inside one piece (atom) is treated alike by every rule: the source and destination equivalence classes.</summary>
internal sealed class AddressAtoms
{
    private readonly UInt128[] _starts;

    public AddressAtoms(bool isIPv6, IEnumerable<IpPrefix> prefixes)
    {
        IsIPv6 = isIPv6;
        var max = isIPv6 ? UInt128.MaxValue : uint.MaxValue;
        var starts = new SortedSet<UInt128> { UInt128.Zero };
        foreach (var p in prefixes.Where(p => p.IsIPv6 == isIPv6))
        {
            starts.Add(p.First);
            if (p.Last != max) starts.Add(p.Last + 1);
        }
        _starts = [.. starts];
        Max = max;
    }

    public bool IsIPv6 { get; }

    public UInt128 Max { get; }

    public int Count => _starts.Length;

    public int AtomOf(UInt128 address)
    {
        var lo = 0;
        var hi = _starts.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_starts[mid] <= address) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>An address inside the atom; one past the start when the atom is larger than one address, to avoid a network address.</summary>
    public UInt128 Representative(int atom)
    {
        var first = _starts[atom];
        var last = atom + 1 < _starts.Length ? _starts[atom + 1] - 1 : Max;
        return last > first ? first + 1 : first;
    }
}

/// <summary>Port boundaries cut the same way: ports inside one piece match the same rules.</summary>
internal sealed class PortAtoms
{
    private readonly int[] _starts;

    public PortAtoms(IEnumerable<PortRange> ranges)
    {
        var starts = new SortedSet<int> { 0 };
        foreach (var r in ranges)
        {
            starts.Add(r.From);
            if (r.To < 65535) starts.Add(r.To + 1);
        }
        _starts = [.. starts];
    }

    public int Count => _starts.Length;

    public int AtomOf(int port)
    {
        var i = Array.BinarySearch(_starts, port);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>One port per atom; the atom holding <paramref name="preferred"/> comes first and is represented by it.</summary>
    public int[] Representatives(int preferred)
    {
        var first = AtomOf(preferred);
        var reps = new List<int> { preferred };
        for (var i = 0; i < _starts.Length; i++) if (i != first) reps.Add(_starts[i]);
        return [.. reps];
    }
}
