using TwinLab.Simulation.Events;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Events;

public sealed class EventEngineTests
{
    [Fact]
    public void Run_EventsScheduledOutOfOrder_DispatchesInTimeOrder()
    {
        var engine = new EventEngine();
        var recorder = new Recorder(engine);
        engine.Schedule(3, recorder, payload: 3);
        engine.Schedule(1, recorder, payload: 1);
        engine.Schedule(2, recorder, payload: 2);

        engine.Run();

        Assert.Equal([1L, 2L, 3L], recorder.Seen.Select(s => s.Payload));
        Assert.Equal([1.0, 2.0, 3.0], recorder.Seen.Select(s => s.Time));
        Assert.Equal(3, engine.Now);
        Assert.Equal(3, engine.EventsProcessed);
    }

    [Fact]
    public void Run_SimultaneousEvents_DispatchesInSchedulingOrder()
    {
        var engine = new EventEngine();
        var recorder = new Recorder(engine);
        for (var i = 0; i < 100; i++) engine.Schedule(5, recorder, kind: i % 3, payload: i);

        engine.Run();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), recorder.Seen.Select(s => s.Payload));
    }

    [Fact]
    public void Run_EventScheduledAtNowFromHandler_RunsAfterEventsAlreadyDue()
    {
        var engine = new EventEngine();
        Recorder recorder = null!;
        recorder = new Recorder(engine) { OnEvent = (_, p) => { if (p == 1) engine.Schedule(0, recorder, payload: 3); } };
        engine.Schedule(1, recorder, payload: 1);
        engine.Schedule(1, recorder, payload: 2);

        engine.Run();

        Assert.Equal([1L, 2L, 3L], recorder.Seen.Select(s => s.Payload));
    }

    [Fact]
    public void Schedule_ManyRandomTimesWithTies_DispatchesSortedByTimeThenSequence()
    {
        var engine = new EventEngine(initialCapacity: 2);
        var recorder = new Recorder(engine);
        var random = RandomStream.FromSeed(7);
        var expected = new List<(double Time, long Payload)>();
        for (var i = 0; i < 5000; i++)
        {
            var time = random.NextInt(500) / 10.0; // coarse grid: many ties
            engine.ScheduleAt(time, recorder, payload: i);
            expected.Add((time, i));
        }

        engine.Run();

        Assert.Equal(expected.OrderBy(e => e.Time).ThenBy(e => e.Payload), recorder.Seen.Select(s => (s.Time, s.Payload)));
    }

    [Fact]
    public void Run_HandlersSchedulingWhileCalendarGrows_DeliverEachEventsOwnTimeKindAndPayload()
    {
        var engine = new EventEngine(initialCapacity: 4);
        var random = RandomStream.FromSeed(3);
        var due = new List<double>();
        var checkedEvents = 0;
        var lastTime = 0.0;
        Recorder recorder = null!;
        recorder = new Recorder(engine)
        {
            OnEvent = (kind, id) =>
            {
                Assert.Equal(due[(int)id], engine.Now);
                Assert.Equal((int)(id % 7), kind);
                Assert.True(engine.Now >= lastTime);
                lastTime = engine.Now;
                checkedEvents++;
                // Two children per event until 20,000 are scheduled: the calendar grows while slots are recycled.
                for (var c = 0; c < 2 && due.Count < 20_000; c++) Schedule(random.NextDouble() * 10);
            },
        };
        for (var i = 0; i < 3; i++) Schedule(random.NextDouble());

        engine.Run();

        Assert.Equal(20_000, checkedEvents);

        void Schedule(double delay)
        {
            var id = due.Count;
            due.Add(engine.Now + delay);
            engine.Schedule(delay, recorder, kind: id % 7, payload: id);
        }
    }

    [Fact]
    public void Run_Until_RunsEarlierEventsLeavesEventAtUntilAndSetsClock()
    {
        var engine = new EventEngine();
        var recorder = new Recorder(engine);
        engine.Schedule(1, recorder, payload: 1);
        engine.Schedule(2, recorder, payload: 2);

        engine.Run(until: 2);

        Assert.Equal([1L], recorder.Seen.Select(s => s.Payload));
        Assert.Equal(2, engine.Now);
        Assert.Equal(1, engine.PendingEvents);
        Assert.Equal(2, engine.NextEventTime);
    }

    [Fact]
    public void Run_UntilBeyondLastEvent_AdvancesClockToUntil()
    {
        var engine = new EventEngine();
        engine.Schedule(1, new Recorder(engine));

        engine.Run(until: 10);

        Assert.Equal(10, engine.Now);
        Assert.Equal(0, engine.PendingEvents);
    }

    [Fact]
    public void Stop_FromHandler_RunReturnsAfterThatEvent()
    {
        var engine = new EventEngine();
        var recorder = new Recorder(engine) { OnEvent = (_, p) => { if (p == 2) engine.Stop(); } };
        for (var i = 1; i <= 4; i++) engine.Schedule(i, recorder, payload: i);

        engine.Run(until: 100);

        Assert.Equal(2, engine.Now);
        Assert.Equal(2, engine.PendingEvents);
        engine.Run();
        Assert.Equal(4, recorder.Seen.Count);
    }

    [Fact]
    public void Step_EmptyCalendar_ReturnsFalse()
    {
        var engine = new EventEngine();
        var recorder = new Recorder(engine);
        engine.Schedule(1, recorder);

        Assert.True(engine.Step());
        Assert.False(engine.Step());
        Assert.Equal(double.PositiveInfinity, engine.NextEventTime);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Schedule_BadDelay_Throws(double delay)
    {
        var engine = new EventEngine();

        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Schedule(delay, new Recorder(engine)));
    }

    [Fact]
    public void ScheduleAt_TimeInThePast_Throws()
    {
        var engine = new EventEngine();
        engine.Run(until: 5);

        Assert.Throws<ArgumentOutOfRangeException>(() => engine.ScheduleAt(4, new Recorder(engine)));
    }

    [Fact]
    public void Run_CalledFromHandler_Throws()
    {
        var engine = new EventEngine();
        engine.Schedule(1, new Recorder(engine) { OnEvent = (_, _) => engine.Run() });

        Assert.Throws<InvalidOperationException>(() => engine.Run());
    }

    [Fact]
    public void Reset_AfterRun_ClearsCalendarClockAndCounters()
    {
        var engine = new EventEngine();
        var recorder = new Recorder(engine);
        engine.Schedule(1, recorder);
        engine.Schedule(2, recorder);
        engine.Step();

        engine.Reset();

        Assert.Equal(0, engine.Now);
        Assert.Equal(0, engine.PendingEvents);
        Assert.Equal(0, engine.EventsProcessed);
    }
}
