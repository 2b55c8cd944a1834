using TwinLab.Simulation.Events;

namespace TwinLab.Simulation.Tests.Events;

public sealed class ConditionTests
{
    [Fact]
    public void AllOf_SeveralTimeouts_ResumesWhenLastHappens()
    {
        var engine = new EventEngine();
        var resumedAt = double.NaN;
        engine.Start(Body());

        engine.Run();

        Assert.Equal(5, resumedAt);

        IEnumerable<SimEvent> Body()
        {
            yield return engine.AllOf(engine.Timeout(2), engine.Timeout(5), engine.Timeout(1));
            resumedAt = engine.Now;
        }
    }

    [Fact]
    public void AnyOf_SeveralTimeouts_ResumesWhenFirstHappens()
    {
        var engine = new EventEngine();
        var resumedAt = double.NaN;
        engine.Start(Body());

        engine.Run();

        Assert.Equal(1, resumedAt);

        IEnumerable<SimEvent> Body()
        {
            yield return engine.AnyOf(engine.Timeout(2), engine.Timeout(5), engine.Timeout(1));
            resumedAt = engine.Now;
        }
    }

    [Fact]
    public void AllOf_NoEvents_SucceedsAtOnce()
    {
        var engine = new EventEngine();
        var condition = engine.AllOf();

        engine.Run();

        Assert.True(condition.IsOk);
        Assert.True(condition.IsProcessed);
    }

    [Fact]
    public void AllOf_OneEventFails_FailsWithItsException()
    {
        var engine = new EventEngine();
        var failing = engine.Event();
        var condition = engine.AllOf(engine.Timeout(3), failing);
        condition.Defused = true;
        failing.Fail(new TimeoutException());

        engine.Run();

        Assert.IsType<TimeoutException>(condition.Exception);
    }
}
