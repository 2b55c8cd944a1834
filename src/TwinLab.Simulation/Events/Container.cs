namespace TwinLab.Simulation.Events;

/// <summary>
/// A continuous level between 0 and a capacity (a tank, a stock of material), after SimPy's <c>Container</c>.
/// Puts wait for room and gets wait for enough; each side is served first come first served.
/// </summary>
public sealed class Container
{
    private readonly List<ContainerRequest> _puts = [];
    private readonly List<ContainerRequest> _gets = [];

    /// <summary>A container with the given capacity and starting level.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not positive, or the level is not in [0, capacity].</exception>
    public Container(EventEngine engine, double capacity = double.PositiveInfinity, double initialLevel = 0)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!(capacity > 0)) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Must be positive.");
        if (!(initialLevel >= 0 && initialLevel <= capacity)) throw new ArgumentOutOfRangeException(nameof(initialLevel), initialLevel, "Must be within [0, capacity].");
        Engine = engine;
        Capacity = capacity;
        Level = initialLevel;
    }

    /// <summary>The engine it lives on.</summary>
    public EventEngine Engine { get; }

    /// <summary>The most it holds.</summary>
    public double Capacity { get; }

    /// <summary>How much it holds.</summary>
    public double Level { get; private set; }

    /// <summary>Adds <paramref name="amount"/> once there is room for it.</summary>
    public ContainerRequest Put(double amount) => Enqueue(_puts, amount, isPut: true);

    /// <summary>Removes <paramref name="amount"/> once there is that much.</summary>
    public ContainerRequest Get(double amount) => Enqueue(_gets, amount, isPut: false);

    internal void Withdraw(ContainerRequest request) => (request.IsPut ? _puts : _gets).Remove(request);

    private ContainerRequest Enqueue(List<ContainerRequest> queue, double amount, bool isPut)
    {
        // An amount above capacity could never be served and would block its queue for ever.
        if (!(amount > 0 && amount <= Capacity)) throw new ArgumentOutOfRangeException(nameof(amount), amount, "Must be positive and at most the capacity.");
        var request = new ContainerRequest(this, amount, isPut);
        queue.Add(request);
        Match();
        return request;
    }

    private void Match()
    {
        bool progress;
        do
        {
            progress = false;
            while (_puts.Count > 0 && Level + _puts[0].Amount <= Capacity)
            {
                Level += _puts[0].Amount;
                Serve(_puts);
                progress = true;
            }
            while (_gets.Count > 0 && Level >= _gets[0].Amount)
            {
                Level -= _gets[0].Amount;
                Serve(_gets);
                progress = true;
            }
        } while (progress);
    }

    private static void Serve(List<ContainerRequest> queue)
    {
        var request = queue[0];
        queue.RemoveAt(0);
        request.Complete();
    }
}
