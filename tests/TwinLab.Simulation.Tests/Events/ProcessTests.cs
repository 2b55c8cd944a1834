using TwinLab.Simulation.Events;

namespace TwinLab.Simulation.Tests.Events;

public sealed class ProcessTests
{
    [Fact]
    public void Timeout_YieldedInProcess_ResumesAfterDelay()
    {
        var engine = new EventEngine();
        var times = new List<double>();
        engine.Start(Body());

        engine.Run();

        Assert.Equal([0.0, 1.5, 4.0], times);

        IEnumerable<SimEvent> Body()
        {
            times.Add(engine.Now);
            yield return engine.Timeout(1.5);
            times.Add(engine.Now);
            yield return engine.Timeout(2.5);
            times.Add(engine.Now);
        }
    }

    [Fact]
    public void Process_YieldingAnotherProcess_ResumesWhenItEnds()
    {
        var engine = new EventEngine();
        var resumedAt = double.NaN;
        var child = engine.Start(Child());
        engine.Start(Parent());

        engine.Run();

        Assert.Equal(3, resumedAt);
        Assert.False(child.IsAlive);
        Assert.True(child.IsOk);

        IEnumerable<SimEvent> Child() { yield return engine.Timeout(3); }

        IEnumerable<SimEvent> Parent()
        {
            yield return child;
            resumedAt = engine.Now;
        }
    }

    [Fact]
    public void Process_SimultaneousResumptions_RunInStartOrder()
    {
        var engine = new EventEngine();
        var order = new List<int>();
        for (var i = 0; i < 5; i++) engine.Start(Body(i));

        engine.Run();

        Assert.Equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4], order);

        IEnumerable<SimEvent> Body(int id)
        {
            order.Add(id);
            yield return engine.Timeout(1);
            order.Add(id);
        }
    }

    [Fact]
    public void Event_SucceededWithValue_WaitingProcessesResumeInWaitingOrderAndSeeValue()
    {
        var engine = new EventEngine();
        var signal = engine.Event();
        var seen = new List<string>();
        engine.Start(Waiter("a"));
        engine.Start(Waiter("b"));
        engine.Start(Trigger());

        engine.Run();

        Assert.Equal(["a:go@2", "b:go@2"], seen);

        IEnumerable<SimEvent> Waiter(string name)
        {
            yield return signal;
            seen.Add($"{name}:{signal.Value}@{engine.Now}");
        }

        IEnumerable<SimEvent> Trigger()
        {
            yield return engine.Timeout(2);
            signal.Succeed("go");
        }
    }

    [Fact]
    public void Process_YieldingProcessedEvent_ContinuesAtOnce()
    {
        var engine = new EventEngine();
        var done = engine.Timeout(1);
        var resumedAt = double.NaN;
        engine.Run();
        engine.Start(Body());

        engine.Run();

        Assert.Equal(1, resumedAt);

        IEnumerable<SimEvent> Body()
        {
            yield return done;
            resumedAt = engine.Now;
        }
    }

    [Fact]
    public void Succeed_EventAlreadyTriggered_Throws()
    {
        var engine = new EventEngine();
        var e = engine.Event().Succeed();

        Assert.Throws<InvalidOperationException>(() => e.Succeed());
    }

    [Fact]
    public void Succeed_OnProcess_Throws()
    {
        var engine = new EventEngine();
        var process = engine.Start(Array.Empty<SimEvent>());

        Assert.Throws<InvalidOperationException>(() => process.Succeed());
    }

    [Fact]
    public void Run_ProcessBodyThrowsAndNobodyWaits_RethrowsFromRun()
    {
        var engine = new EventEngine();
        engine.Start(Body());

        var ex = Assert.Throws<InvalidOperationException>(() => engine.Run());
        Assert.Equal("boom", ex.Message);

        IEnumerable<SimEvent> Body()
        {
            yield return engine.Timeout(1);
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public void Process_WaitingForFailingProcess_SeesItsException()
    {
        var engine = new EventEngine();
        Exception? seen = null;
        var child = engine.Start(Child());
        engine.Start(Parent());

        engine.Run();

        Assert.IsType<InvalidOperationException>(seen);
        Assert.False(child.IsOk);

        IEnumerable<SimEvent> Child()
        {
            yield return engine.Timeout(1);
            throw new InvalidOperationException("boom");
        }

        IEnumerable<SimEvent> Parent()
        {
            yield return child;
            seen = child.Exception;
        }
    }

    [Fact]
    public void Fail_DefusedEventNobodyWaitsFor_RunCompletes()
    {
        var engine = new EventEngine();
        var e = engine.Event();
        e.Defused = true;
        e.Fail(new InvalidOperationException());

        engine.Run();

        Assert.True(e.IsProcessed);
    }
}
