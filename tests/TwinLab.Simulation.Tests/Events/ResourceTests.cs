using TwinLab.Simulation.Events;

namespace TwinLab.Simulation.Tests.Events;

public sealed class ResourceTests
{
    /// <summary>Starts one job per (name, start, duration): each requests a unit, holds it for its duration and logs when it got it.</summary>
    private static List<string> RunJobs(EventEngine engine, Func<string, ResourceRequest> request, params (string Name, double Start, double Duration)[] jobs)
    {
        var log = new List<string>();
        foreach (var job in jobs) engine.Start(Job(job.Name, job.Start, job.Duration));
        engine.Run();
        return log;

        IEnumerable<SimEvent> Job(string name, double start, double duration)
        {
            yield return engine.Timeout(start);
            using var unit = request(name);
            yield return unit;
            log.Add($"{name}@{engine.Now}");
            yield return engine.Timeout(duration);
        }
    }

    [Fact]
    public void Request_CapacityTwo_ThirdWaitsForARelease()
    {
        var engine = new EventEngine();
        var resource = new Resource(engine, capacity: 2);

        var log = RunJobs(engine, _ => resource.Request(), ("a", 0, 5), ("b", 0, 3), ("c", 1, 1));

        Assert.Equal(["a@0", "b@0", "c@3"], log);
        Assert.Equal(0, resource.Count);
    }

    [Fact]
    public void Request_Fifo_ServesInRequestOrder()
    {
        var engine = new EventEngine();
        var resource = new Resource(engine);

        var log = RunJobs(engine, _ => resource.Request(), ("a", 0, 10), ("b", 1, 1), ("c", 2, 1), ("d", 3, 1));

        Assert.Equal(["a@0", "b@10", "c@11", "d@12"], log);
    }

    [Fact]
    public void Request_Lifo_ServesLatestRequestFirst()
    {
        var engine = new EventEngine();
        var resource = new Resource(engine, 1, QueueDiscipline.Lifo);

        var log = RunJobs(engine, _ => resource.Request(), ("a", 0, 10), ("b", 1, 1), ("c", 2, 1), ("d", 3, 1));

        Assert.Equal(["a@0", "d@10", "c@11", "b@12"], log);
    }

    [Fact]
    public void PriorityResource_WaitingRequests_ServedByPriorityThenFifo()
    {
        var engine = new EventEngine();
        var resource = new PriorityResource(engine);
        var priorities = new Dictionary<string, int> { ["a"] = 0, ["b"] = 5, ["c"] = 1, ["d"] = 5, ["e"] = 1 };

        var log = RunJobs(engine, name => resource.Request(priorities[name]),
            ("a", 0, 10), ("b", 1, 1), ("c", 2, 1), ("d", 3, 1), ("e", 4, 1));

        Assert.Equal(["a@0", "c@10", "e@11", "b@12", "d@13"], log);
    }

    [Fact]
    public void PreemptiveResource_MoreImportantRequest_InterruptsUserWithPreempted()
    {
        var engine = new EventEngine();
        var machine = new PreemptiveResource(engine);
        Preempted? cause = null;
        ResourceRequest? lost = null;
        var workDone = double.NaN;
        var urgentGotItAt = double.NaN;
        engine.Start(self => Routine(self));
        var urgent = engine.Start(Urgent());

        engine.Run();

        Assert.NotNull(cause);
        Assert.Same(urgent, cause.By);
        Assert.Equal(1, cause.UsageSince);
        Assert.Same(machine, cause.Resource);
        Assert.Equal(3, workDone); // worked from 1 until pre-empted at 4
        Assert.Equal(4, urgentGotItAt);
        Assert.True(lost!.WasPreempted);
        Assert.False(lost.IsGranted);

        IEnumerable<SimEvent> Routine(Process self)
        {
            yield return engine.Timeout(1);
            using var request = machine.Request(priority: 5);
            lost = request;
            yield return request;
            yield return engine.Timeout(10);
            if (self.Interruption?.Cause is Preempted p)
            {
                cause = p;
                workDone = engine.Now - p.UsageSince;
            }
        }

        IEnumerable<SimEvent> Urgent()
        {
            yield return engine.Timeout(4);
            using var request = machine.Request(priority: 0);
            yield return request;
            urgentGotItAt = engine.Now;
            yield return engine.Timeout(1);
        }
    }

    [Fact]
    public void PreemptiveResource_EqualPriority_Waits()
    {
        var engine = new EventEngine();
        var machine = new PreemptiveResource(engine);

        var log = RunJobs(engine, _ => machine.Request(priority: 1), ("a", 0, 5), ("b", 1, 1));

        Assert.Equal(["a@0", "b@5"], log);
    }

    [Fact]
    public void PreemptiveResource_RequestWithoutPreempt_WaitsDespitePriority()
    {
        var engine = new EventEngine();
        var machine = new PreemptiveResource(engine);
        var priorities = new Dictionary<string, int> { ["a"] = 9, ["b"] = 0 };

        var log = RunJobs(engine, name => machine.Request(priorities[name], preempt: false), ("a", 0, 5), ("b", 1, 1));

        Assert.Equal(["a@0", "b@5"], log);
    }

    [Fact]
    public void Request_OwnerInterruptedWhileQueued_DisposingWithdrawsIt()
    {
        var engine = new EventEngine();
        var resource = new Resource(engine);
        var holder = resource.Request(); // held from outside any process, never released
        var gaveUp = double.NaN;
        var customer = engine.Start(self => Impatient(self));
        engine.Start(Reneging());

        engine.Run();

        Assert.Equal(3, gaveUp);
        Assert.Empty(resource.Queue);
        Assert.Same(holder, Assert.Single(resource.Users));

        IEnumerable<SimEvent> Impatient(Process self)
        {
            using (var request = resource.Request())
            {
                yield return request;
                if (self.Interruption is not null) gaveUp = engine.Now;
            }
        }

        IEnumerable<SimEvent> Reneging()
        {
            yield return engine.Timeout(3);
            customer.Interrupt("patience ran out");
        }
    }

    [Fact]
    public void Release_TwiceOrAfterWithdrawal_DoesNothing()
    {
        var engine = new EventEngine();
        var resource = new Resource(engine);
        var first = resource.Request();
        var second = resource.Request();

        resource.Release(second);
        resource.Release(second);
        resource.Release(first);
        resource.Release(first);

        Assert.Equal(0, resource.Count);
        Assert.Empty(resource.Queue);
    }

    [Fact]
    public void Release_RequestOfAnotherResource_Throws()
    {
        var engine = new EventEngine();
        var a = new Resource(engine);
        var b = new Resource(engine);

        Assert.Throws<ArgumentException>(() => a.Release(b.Request()));
    }
}
