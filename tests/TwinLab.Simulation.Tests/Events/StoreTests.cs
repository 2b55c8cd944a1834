using TwinLab.Simulation.Events;

namespace TwinLab.Simulation.Tests.Events;

public sealed class StoreTests
{
    [Fact]
    public void Get_EmptyStore_WaitsForPutAndGetsTheItem()
    {
        var engine = new EventEngine();
        var store = new Store<string>(engine);
        var got = "";
        var gotAt = double.NaN;
        engine.Start(Consumer());
        engine.Start(Producer());

        engine.Run();

        Assert.Equal("part", got);
        Assert.Equal(4, gotAt);

        IEnumerable<SimEvent> Consumer()
        {
            var get = store.Get();
            yield return get;
            (got, gotAt) = (get.Item, engine.Now);
        }

        IEnumerable<SimEvent> Producer()
        {
            yield return engine.Timeout(4);
            yield return store.Put("part");
        }
    }

    [Fact]
    public void Put_FullStore_WaitsForRoom()
    {
        var engine = new EventEngine();
        var store = new Store<int>(engine, capacity: 2);
        var putTimes = new List<double>();
        engine.Start(Producer());
        engine.Start(Consumer());

        engine.Run();

        Assert.Equal([0.0, 0.0, 5.0], putTimes);

        IEnumerable<SimEvent> Producer()
        {
            for (var i = 0; i < 3; i++)
            {
                yield return store.Put(i);
                putTimes.Add(engine.Now);
            }
        }

        IEnumerable<SimEvent> Consumer()
        {
            yield return engine.Timeout(5);
            yield return store.Get();
        }
    }

    [Fact]
    public void Get_SeveralItems_ComeOutFirstInFirstOut()
    {
        var engine = new EventEngine();
        var store = new Store<int>(engine);
        var got = new List<int>();
        foreach (var i in new[] { 3, 1, 2 }) store.Put(i);
        engine.Start(Consumer());

        engine.Run();

        Assert.Equal([3, 1, 2], got);

        IEnumerable<SimEvent> Consumer()
        {
            for (var i = 0; i < 3; i++)
            {
                var get = store.Get();
                yield return get;
                got.Add(get.Item);
            }
        }
    }

    [Fact]
    public void Get_DisposedWhileWaiting_IsWithdrawnAndLaterGetReceivesItem()
    {
        var engine = new EventEngine();
        var store = new Store<int>(engine);
        var abandoned = store.Get();
        abandoned.Dispose();
        var later = store.Get();

        store.Put(7);
        engine.Run();

        Assert.False(abandoned.IsTriggered);
        Assert.Equal(7, later.Item);
        Assert.Equal(0, store.WaitingGets);
    }

    [Fact]
    public void FilterStoreGet_NoMatchYet_DoesNotHoldUpOtherGets()
    {
        var engine = new EventEngine();
        var store = new FilterStore<string>(engine);
        var wantsBlue = store.Get(s => s.StartsWith("blue", StringComparison.Ordinal));
        var wantsAny = store.Get();

        store.Put("red-1");
        engine.Run();
        Assert.False(wantsBlue.IsTriggered);
        Assert.Equal("red-1", wantsAny.Item);

        store.Put("blue-1");
        engine.Run();
        Assert.Equal("blue-1", wantsBlue.Item);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void FilterStoreGet_SeveralMatches_TakesOldestMatch()
    {
        var engine = new EventEngine();
        var store = new FilterStore<int>(engine);
        foreach (var i in new[] { 1, 4, 6, 3 }) store.Put(i);

        var even = store.Get(i => i % 2 == 0);
        engine.Run();

        Assert.Equal(4, even.Item);
        Assert.Equal([1, 6, 3], store.Items);
    }

    [Fact]
    public void ContainerGet_MoreThanLevel_WaitsForPuts()
    {
        var engine = new EventEngine();
        var tank = new Container(engine, capacity: 100, initialLevel: 10);
        var gotAt = double.NaN;
        engine.Start(Consumer());
        engine.Start(Refill());

        engine.Run();

        Assert.Equal(2, gotAt);
        Assert.Equal(5, tank.Level);

        IEnumerable<SimEvent> Consumer()
        {
            yield return tank.Get(25);
            gotAt = engine.Now;
        }

        IEnumerable<SimEvent> Refill()
        {
            for (var i = 0; i < 2; i++)
            {
                yield return engine.Timeout(1);
                yield return tank.Put(10);
            }
        }
    }

    [Fact]
    public void ContainerPut_BeyondCapacity_WaitsForRoom()
    {
        var engine = new EventEngine();
        var tank = new Container(engine, capacity: 10, initialLevel: 8);
        var put = tank.Put(5);

        engine.Run();
        Assert.False(put.IsTriggered);

        tank.Get(4);
        engine.Run();
        Assert.True(put.IsOk);
        Assert.Equal(9, tank.Level);
    }

    [Fact]
    public void ContainerPut_AmountAboveCapacity_Throws()
    {
        var engine = new EventEngine();
        var tank = new Container(engine, capacity: 10);

        Assert.Throws<ArgumentOutOfRangeException>(() => tank.Put(11));
    }
}
