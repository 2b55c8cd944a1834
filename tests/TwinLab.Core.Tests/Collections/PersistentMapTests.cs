using TwinLab.Core.Collections;

namespace TwinLab.Core.Tests.Collections;

public sealed class PersistentMapTests
{
    [Fact]
    public void SetItem_OldVersion_Unchanged()
    {
        var v1 = PersistentMap<int>.Empty.SetItem("a", 1).SetItem("b", 2);
        var v2 = v1.SetItem("a", 10).Remove("b").SetItem("c", 3);

        Assert.Equal(2, v1.Count);
        Assert.Equal(1, v1["a"]);
        Assert.Equal(2, v1["b"]);
        Assert.False(v1.ContainsKey("c"));
        Assert.Equal(2, v2.Count);
        Assert.Equal(10, v2["a"]);
        Assert.False(v2.ContainsKey("b"));
    }

    [Fact]
    public void Builder_WritesAfterToImmutable_DoNotLeakIntoSnapshot()
    {
        var builder = PersistentMap<int>.Empty.ToBuilder();
        for (var i = 0; i < 10_000; i++) builder[$"twin-{i}"] = i;
        var snapshot = builder.ToImmutable();

        for (var i = 0; i < 10_000; i += 2) builder[$"twin-{i}"] = -i;
        for (var i = 1; i < 10_000; i += 2) builder.Remove($"twin-{i}");
        builder["new"] = 42;

        Assert.Equal(10_000, snapshot.Count);
        for (var i = 0; i < 10_000; i++) Assert.Equal(i, snapshot[$"twin-{i}"]);
        Assert.False(snapshot.ContainsKey("new"));
        Assert.Equal(5_001, builder.Count);
        Assert.Equal(-4, builder["twin-4"]);
        Assert.False(builder.ContainsKey("twin-5"));
    }

    [Fact]
    public void ToBuilder_FromSnapshot_SharesUntilWritten()
    {
        var a = PersistentMap<string>.Empty.SetItem("x", "1").SetItem("y", "2");
        var b1 = a.ToBuilder();
        var b2 = a.ToBuilder();
        b1["x"] = "b1";
        b2.Remove("y");

        Assert.Equal("1", a["x"]);
        Assert.Equal("2", a["y"]);
        Assert.Equal("b1", b1["x"]);
        Assert.True(b1.ContainsKey("y"));
        Assert.Equal("1", b2["x"]);
        Assert.False(b2.ContainsKey("y"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomOperations_MatchDictionary(int seed)
    {
        // 300,000 random sets/removes over 120,000 keys; with a 32-bit hash this produces some full-hash collisions too.
        var random = new Random(seed);
        var model = new Dictionary<string, int>();
        var builder = PersistentMap<int>.Empty.ToBuilder();
        var snapshots = new List<(PersistentMap<int> Map, Dictionary<string, int> Model)>();
        for (var step = 0; step < 300_000; step++)
        {
            var key = $"k{random.Next(120_000)}";
            if (random.NextDouble() < 0.7)
            {
                model[key] = step;
                builder[key] = step;
            }
            else
            {
                Assert.Equal(model.Remove(key), builder.Remove(key));
            }
            if (step % 50_000 == 0) snapshots.Add((builder.ToImmutable(), new Dictionary<string, int>(model)));
        }
        Assert.Equal(model.Count, builder.Count);
        foreach (var (k, v) in model) Assert.Equal(v, builder[k]);
        var enumerated = builder.ToImmutable().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(model.Count, enumerated.Count);
        foreach (var (map, expected) in snapshots)
        {
            Assert.Equal(expected.Count, map.Count);
            Assert.Equal(expected.OrderBy(kv => kv.Key), map.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public void Enumeration_SameKeys_SameOrderEveryRun()
    {
        var a = PersistentMap<int>.Empty;
        var b = PersistentMap<int>.Empty;
        for (var i = 0; i < 1000; i++) a = a.SetItem($"t{i}", i);
        for (var i = 999; i >= 0; i--) b = b.SetItem($"t{i}", i);
        Assert.Equal(a.Select(kv => kv.Key), b.Select(kv => kv.Key));
    }

    [Fact]
    public void Indexer_MissingKey_ThrowsKeyNotFound()
    {
        Assert.Throws<KeyNotFoundException>(() => PersistentMap<int>.Empty["nope"]);
        Assert.Same(PersistentMap<int>.Empty, PersistentMap<int>.Empty.Remove("nope"));
    }
}
