namespace TwinLab.Simulation.Events;

/// <summary>
/// A process (SimPy's <c>Process</c>): an iterator that yields the events it waits for and resumes when each
/// has been processed. It is itself an event, processed when its body ends, so other processes can wait for it.
/// Start one with <see cref="EventEngine.Start(Func{Process, IEnumerable{SimEvent}}, string?)"/>.
/// </summary>
/// <remarks>
/// Interrupts cannot be thrown into a C# iterator, so an interrupted process is resumed with
/// <see cref="Interruption"/> set instead, and checks it after each yield where it can be interrupted.
/// An exception escaping the body fails the process (and ends the run if no one waits for it).
/// </remarks>
public sealed class Process : SimEvent, ISimEventListener
{
    private const int KindStart = 1;
    private const int KindInterrupt = 2;

    private readonly IEnumerator<SimEvent> _routine;
    private Queue<Interruption>? _pendingInterrupts;

    internal Process(EventEngine engine, Func<Process, IEnumerable<SimEvent>> body, string? name) : base(engine)
    {
        ArgumentNullException.ThrowIfNull(body);
        Name = name;
        _routine = body(this).GetEnumerator();
        engine.Schedule(0, this, KindStart);
    }

    /// <summary>A name for traces and messages.</summary>
    public string? Name { get; }

    /// <summary>Whether its body has not ended yet.</summary>
    public bool IsAlive => !IsTriggered;

    /// <summary>The event it is waiting for, if any.</summary>
    public SimEvent? Target { get; private set; }

    /// <summary>Set when an interrupt resumed it, until it next yields; null after a normal resumption.</summary>
    public Interruption? Interruption { get; private set; }

    private protected override bool IsUserTriggerable => false;

    /// <summary>
    /// Interrupts it: at the current time it stops waiting for its target (which is left alone: a resource
    /// request stays queued until released or disposed) and resumes with <see cref="Interruption"/> set.
    /// Ignored if the process has ended by then.
    /// </summary>
    /// <exception cref="InvalidOperationException">It has ended, or it is the process calling.</exception>
    public void Interrupt(object? cause = null)
    {
        if (!IsAlive) throw new InvalidOperationException($"{this} has ended and cannot be interrupted.");
        if (ReferenceEquals(Engine.ActiveProcess, this)) throw new InvalidOperationException("A process cannot interrupt itself.");
        (_pendingInterrupts ??= new Queue<Interruption>()).Enqueue(new Interruption(cause));
        Engine.Schedule(0, this, KindInterrupt);
    }

    /// <inheritdoc />
    public override string ToString() => Name ?? "Process";

    private protected override void OnDispatch(int kind)
    {
        switch (kind)
        {
            case KindStart:
                Resume(null);
                break;
            case KindInterrupt:
                var interruption = _pendingInterrupts!.Dequeue();
                if (!IsAlive) return;
                Target?.RemoveListener(this);
                Target = null;
                Resume(interruption);
                break;
            default:
                base.OnDispatch(kind);
                break;
        }
    }

    void ISimEventListener.OnProcessed(SimEvent simEvent)
    {
        Target = null;
        Resume(null);
    }

    private void Resume(Interruption? interruption)
    {
        Engine.ActiveProcess = this;
        Interruption = interruption;
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = _routine.MoveNext();
                }
                catch (Exception ex)
                {
                    End(ex);
                    return;
                }
                if (!more)
                {
                    End(null);
                    return;
                }
                Interruption = null;
                var next = _routine.Current;
                if (next is null || !ReferenceEquals(next.Engine, Engine))
                {
                    End(new InvalidOperationException($"{this} yielded {(next is null ? "null" : "an event of another engine")}."));
                    return;
                }
                // An event already processed will not be processed again: carry on at once, as SimPy does.
                if (next.IsProcessed) continue;
                Target = next;
                next.AddListener(this);
                return;
            }
        }
        finally
        {
            Engine.ActiveProcess = null;
        }
    }

    private void End(Exception? failure)
    {
        Interruption = null;
        _routine.Dispose();
        Trigger(0, null, failure);
    }
}
