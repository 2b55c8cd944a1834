using System.Collections;

namespace TwinLab.Core.Twins;

/// <summary>
/// An immutable string-keyed map held as two sorted arrays.
/// </summary>
/// <remarks>
/// Twins carry a handful of properties; for such sizes copying two short arrays on write is faster and
/// allocates less than a tree, and lookups are a binary search. Keys are ordered ordinally, so output is stable.
/// Thread-safe (immutable).
/// </remarks>
public sealed class SmallMap<T> : IReadOnlyCollection<KeyValuePair<string, T>>
{
    private readonly string[] _keys;
    private readonly T[] _values;

    /// <summary>The empty map.</summary>
    public static readonly SmallMap<T> Empty = new([], []);

    private SmallMap(string[] keys, T[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <inheritdoc />
    public int Count => _keys.Length;

    /// <summary>The keys in ordinal order.</summary>
    public IEnumerable<string> Keys => _keys;

    /// <summary>Builds a map from pairs; a later duplicate key wins.</summary>
    public static SmallMap<T> From(IEnumerable<KeyValuePair<string, T>> pairs)
    {
        var map = Empty;
        foreach (var (k, v) in pairs) map = map.SetItem(k, v);
        return map;
    }

    /// <summary>Looks up a key.</summary>
    public bool TryGetValue(string key, out T value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            value = _values[i];
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Whether the key is present.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Returns a map with the key set to the value.</summary>
    public SmallMap<T> SetItem(string key, T value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            var values = (T[])_values.Clone();
            values[i] = value;
            return new SmallMap<T>(_keys, values);
        }
        var at = ~i;
        var nk = new string[_keys.Length + 1];
        var nv = new T[_values.Length + 1];
        Array.Copy(_keys, nk, at);
        Array.Copy(_values, nv, at);
        nk[at] = key;
        nv[at] = value;
        Array.Copy(_keys, at, nk, at + 1, _keys.Length - at);
        Array.Copy(_values, at, nv, at + 1, _values.Length - at);
        return new SmallMap<T>(nk, nv);
    }

    /// <summary>Returns a map without the key (the same map if absent).</summary>
    public SmallMap<T> Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0) return this;
        if (_keys.Length == 1) return Empty;
        var nk = new string[_keys.Length - 1];
        var nv = new T[_values.Length - 1];
        Array.Copy(_keys, nk, i);
        Array.Copy(_values, nv, i);
        Array.Copy(_keys, i + 1, nk, i, _keys.Length - i - 1);
        Array.Copy(_values, i + 1, nv, i, _values.Length - i - 1);
        return new SmallMap<T>(nk, nv);
    }

    private int IndexOf(string key)
    {
        int lo = 0, hi = _keys.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_keys[mid], key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return new(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
