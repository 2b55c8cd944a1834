using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Twins;

public sealed class SmallMapTests
{
    [Fact]
    public void Empty_HasNothing()
    {
        var map = SmallMap<int>.Empty;

        Assert.Empty(map);
        Assert.Empty(map.Keys);
        Assert.False(map.ContainsKey("a"));
        Assert.False(map.TryGetValue("a", out var v));
        Assert.Equal(0, v);
    }

    [Fact]
    public void SetItem_NewKeys_KeepsKeysInOrdinalOrder()
    {
        var map = SmallMap<int>.Empty.SetItem("systolic", 1).SetItem("Age", 2).SetItem("age", 3).SetItem("diastolic", 4).SetItem("_x", 5);

        Assert.Equal(["Age", "_x", "age", "diastolic", "systolic"], map.Keys);
        Assert.Equal([2, 5, 3, 4, 1], map.Select(kv => kv.Value));
        Assert.Equal(5, map.Count);
    }

    [Fact]
    public void SetItem_ExistingKey_ReplacesValueWithoutAddingKey()
    {
        var map = SmallMap<string>.Empty.SetItem("a", "1").SetItem("b", "2");

        var updated = map.SetItem("a", "one");

        Assert.Equal(2, updated.Count);
        Assert.True(updated.TryGetValue("a", out var v));
        Assert.Equal("one", v);
    }

    [Fact]
    public void SetItem_LeavesOriginalUnchanged()
    {
        var original = SmallMap<int>.Empty.SetItem("a", 1);

        var replaced = original.SetItem("a", 2);
        var extended = original.SetItem("b", 3);

        Assert.Equal([new KeyValuePair<string, int>("a", 1)], original);
        Assert.Equal([new KeyValuePair<string, int>("a", 2)], replaced);
        Assert.Equal(["a", "b"], extended.Keys);
        Assert.NotSame(original, replaced);
    }

    [Fact]
    public void Remove_PresentKey_RemovesOnlyThatKey()
    {
        var map = SmallMap<int>.From([new("c", 3), new("a", 1), new("b", 2)]);

        Assert.Equal(["a", "c"], map.Remove("b").Keys);
        Assert.Equal(["b", "c"], map.Remove("a").Keys);
        Assert.Equal(["a", "b"], map.Remove("c").Keys);
        Assert.Equal(["a", "b", "c"], map.Keys);
    }

    [Fact]
    public void Remove_AbsentKey_ReturnsSameInstance()
    {
        var map = SmallMap<int>.Empty.SetItem("a", 1);

        Assert.Same(map, map.Remove("z"));
        Assert.Same(SmallMap<int>.Empty, SmallMap<int>.Empty.Remove("z"));
    }

    [Fact]
    public void Remove_LastKey_ReturnsEmpty()
    {
        Assert.Same(SmallMap<int>.Empty, SmallMap<int>.Empty.SetItem("a", 1).Remove("a"));
    }

    [Fact]
    public void From_DuplicateKeys_LaterWins()
    {
        var map = SmallMap<int>.From([new("a", 1), new("b", 2), new("a", 3)]);

        Assert.Equal(2, map.Count);
        Assert.True(map.TryGetValue("a", out var a));
        Assert.Equal(3, a);
    }

    [Fact]
    public void Lookup_IsOrdinalAndCaseSensitive()
    {
        var map = SmallMap<int>.Empty.SetItem("heartRate", 1);

        Assert.True(map.ContainsKey("heartRate"));
        Assert.False(map.ContainsKey("HeartRate"));
        Assert.False(map.ContainsKey("heartrate"));
    }

    [Fact]
    public void ManyKeys_RandomOrder_AllFoundAndSorted()
    {
        var random = new Random(42);
        var keys = Enumerable.Range(0, 200).Select(i => $"k{i:D3}").OrderBy(_ => random.Next()).ToArray();
        var map = SmallMap<int>.Empty;
        foreach (var k in keys) map = map.SetItem(k, int.Parse(k[1..]));

        Assert.Equal(200, map.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), map.Keys);
        foreach (var k in keys)
        {
            Assert.True(map.TryGetValue(k, out var v));
            Assert.Equal(int.Parse(k[1..]), v);
        }
        Assert.False(map.ContainsKey("k200"));
        Assert.False(map.ContainsKey("a"));
        Assert.False(map.ContainsKey("z"));

        foreach (var k in keys.Where((_, i) => i % 2 == 0)) map = map.Remove(k);
        Assert.Equal(100, map.Count);
        Assert.Equal(keys.Where((_, i) => i % 2 == 1).Order(StringComparer.Ordinal), map.Keys);
    }
}
