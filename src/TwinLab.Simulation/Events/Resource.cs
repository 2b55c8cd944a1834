namespace TwinLab.Simulation.Events;

/// <summary>
/// A resource with a number of identical units (servers, machines, staff), shared by processes
/// (SimPy's <c>Resource</c>). A process yields a <see cref="Request()"/>, holds the unit once it is granted,
/// and gives it back with <see cref="Release"/> (or by disposing the request). Waiting requests are served by
/// priority, then in the order of the <see cref="QueueDiscipline"/>.
/// </summary>
public class Resource
{
    private readonly List<ResourceRequest> _users = [];
    private readonly List<ResourceRequest> _queue = [];
    private long _sequence;

    /// <summary>A resource with <paramref name="capacity"/> units and the given order for equal priorities.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public Resource(EventEngine engine, int capacity = 1, QueueDiscipline discipline = QueueDiscipline.Fifo)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Engine = engine;
        Capacity = capacity;
        Discipline = discipline;
        Users = _users.AsReadOnly();
        Queue = _queue.AsReadOnly();
    }

    /// <summary>The engine it lives on.</summary>
    public EventEngine Engine { get; }

    /// <summary>How many units it has.</summary>
    public int Capacity { get; }

    /// <summary>Order among waiting requests of equal priority.</summary>
    public QueueDiscipline Discipline { get; }

    /// <summary>How many units are in use.</summary>
    public int Count => _users.Count;

    /// <summary>The granted requests, in the order granted.</summary>
    public IReadOnlyList<ResourceRequest> Users { get; }

    /// <summary>The waiting requests, in the order they will be served.</summary>
    public IReadOnlyList<ResourceRequest> Queue { get; }

    /// <summary>Requests a unit (priority 0, no pre-emption).</summary>
    public ResourceRequest Request() => Enqueue(0, false);

    /// <summary>Gives a granted unit back, or withdraws a waiting request; does nothing for one already released.</summary>
    /// <exception cref="ArgumentException">The request is for another resource.</exception>
    public void Release(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Resource, this)) throw new ArgumentException("The request is for another resource.", nameof(request));
        if (request.IsGranted)
        {
            _users.Remove(request);
            request.Revoke(preempted: false);
        }
        else if (!_queue.Remove(request)) return;
        GrantWaiting();
    }

    /// <summary>Creates a request, queues it by (priority, discipline) and grants what can be granted.</summary>
    private protected ResourceRequest Enqueue(int priority, bool preempt)
    {
        var request = new ResourceRequest(this, priority, preempt, _sequence++);
        // Upper-bound binary search: keys are unique (the sequence breaks ties), so order is total and deterministic.
        int lo = 0, hi = _queue.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ServedBefore(_queue[mid], request)) lo = mid + 1;
            else hi = mid;
        }
        _queue.Insert(lo, request);
        GrantWaiting();
        return request;
    }

    /// <summary>Frees a unit for <paramref name="head"/> by taking one from a less important user; false when it may not.</summary>
    private protected virtual bool TryPreempt(ResourceRequest head) => false;

    /// <summary>Takes a unit away from <paramref name="victim"/> (pre-emption).</summary>
    private protected void Evict(ResourceRequest victim)
    {
        _users.Remove(victim);
        victim.Revoke(preempted: true);
    }

    private bool ServedBefore(ResourceRequest a, ResourceRequest b)
    {
        if (a.Priority != b.Priority) return a.Priority < b.Priority;
        return Discipline == QueueDiscipline.Fifo ? a.Sequence < b.Sequence : a.Sequence > b.Sequence;
    }

    /// <summary>
    /// Grants the head of the queue while a unit is free (or can be pre-empted for it). Only the head is
    /// considered, as in SimPy: a request never overtakes a more important one that is still waiting.
    /// </summary>
    private void GrantWaiting()
    {
        while (_queue.Count > 0)
        {
            var head = _queue[0];
            if (_users.Count >= Capacity && !TryPreempt(head)) return;
            _queue.RemoveAt(0);
            _users.Add(head);
            head.Grant();
        }
    }
}
