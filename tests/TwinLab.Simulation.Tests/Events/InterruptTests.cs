using TwinLab.Simulation.Events;

namespace TwinLab.Simulation.Tests.Events;

public sealed class InterruptTests
{
    [Fact]
    public void Interrupt_WhileWaiting_ResumesAtOnceWithCause()
    {
        var engine = new EventEngine();
        var log = new List<string>();
        var sleeper = engine.Start(self => Sleeper(self));
        engine.Start(Alarm());

        engine.Run();

        Assert.Equal(["interrupted by wake up at 2", "slept until 3"], log);

        IEnumerable<SimEvent> Sleeper(Process self)
        {
            yield return engine.Timeout(10);
            if (self.Interruption is { } interruption) log.Add($"interrupted by {interruption.Cause} at {engine.Now}");
            yield return engine.Timeout(1);
            log.Add($"slept until {engine.Now}");
        }

        IEnumerable<SimEvent> Alarm()
        {
            yield return engine.Timeout(2);
            sleeper.Interrupt("wake up");
        }
    }

    [Fact]
    public void Interrupt_ThenNormalResumption_ClearsInterruption()
    {
        var engine = new EventEngine();
        var flags = new List<bool>();
        var worker = engine.Start(self => Worker(self));
        engine.Start(Interrupter());

        engine.Run();

        Assert.Equal([true, false], flags);

        IEnumerable<SimEvent> Worker(Process self)
        {
            yield return engine.Timeout(5);
            flags.Add(self.Interruption is not null);
            yield return engine.Timeout(5);
            flags.Add(self.Interruption is not null);
        }

        IEnumerable<SimEvent> Interrupter()
        {
            yield return engine.Timeout(1);
            worker.Interrupt();
        }
    }

    [Fact]
    public void Interrupt_AbandonedTimeoutFiresLater_DoesNotResumeProcessTwice()
    {
        var engine = new EventEngine();
        var resumptions = 0;
        var worker = engine.Start(Worker());
        engine.Start(Interrupter());

        engine.Run();

        Assert.Equal(2, resumptions);
        Assert.Equal(10, engine.Now); // the abandoned timeout still ran, to no one

        IEnumerable<SimEvent> Worker()
        {
            yield return engine.Timeout(10);
            resumptions++;
            yield return engine.Timeout(3);
            resumptions++;
        }

        IEnumerable<SimEvent> Interrupter()
        {
            yield return engine.Timeout(1);
            worker.Interrupt();
        }
    }

    [Fact]
    public void Interrupt_EndedProcess_Throws()
    {
        var engine = new EventEngine();
        var process = engine.Start(Array.Empty<SimEvent>());
        engine.Run();

        Assert.Throws<InvalidOperationException>(() => process.Interrupt());
    }

    [Fact]
    public void Interrupt_ByItself_FailsTheProcess()
    {
        var engine = new EventEngine();
        engine.Start(self => Body(self));

        Assert.Throws<InvalidOperationException>(() => engine.Run());

        IEnumerable<SimEvent> Body(Process self)
        {
            self.Interrupt();
            yield break;
        }
    }

    [Fact]
    public void Interrupt_ProcessEndsBeforeDelivery_IsIgnored()
    {
        var engine = new EventEngine();
        var interrupted = false;
        Process victim = null!;
        engine.Start(Interrupter()); // its timeout is scheduled first, so it runs first at time 1
        victim = engine.Start(self => Victim(self));

        engine.Run();

        Assert.False(victim.IsAlive);
        Assert.True(victim.IsOk);
        Assert.False(interrupted);

        IEnumerable<SimEvent> Victim(Process self)
        {
            yield return engine.Timeout(1);
            interrupted = self.Interruption is not null;
        }

        IEnumerable<SimEvent> Interrupter()
        {
            yield return engine.Timeout(1);
            victim.Interrupt("too late"); // the victim's own timeout, due now, was scheduled earlier
        }
    }
}
