namespace TwinLab.Simulation.Ode;

/// <summary>
/// An event to locate during integration: a sign change of <see cref="Function"/> along the solution.
/// </summary>
/// <remarks>
/// The solver checks the sign at the end of every accepted step and, on a change, finds the crossing on the
/// step's dense output (Shampine and Thompson, "Event location for ordinary differential equations",
/// Computers and Mathematics with Applications 39 (2000) 43–54). Two crossings inside one step cancel out and
/// go unseen, so bound <see cref="DormandPrinceOptions.MaxStep"/> when g can oscillate faster than the solution.
/// A zero of g at the very start of an integration (or right after a state change) is not an event.
/// </remarks>
public sealed class OdeEvent
{
    /// <summary>Creates an event.</summary>
    /// <param name="function">The event function g(t, y).</param>
    /// <param name="direction">Which sign changes count.</param>
    /// <param name="isTerminal">Whether the integration stops at the first occurrence.</param>
    /// <param name="name">A name for results and error messages.</param>
    public OdeEvent(OdeEventFunction function, EventDirection direction = EventDirection.Both, bool isTerminal = false, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!Enum.IsDefined(direction)) throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown event direction.");
        Function = function;
        Direction = direction;
        IsTerminal = isTerminal;
        Name = name;
    }

    /// <summary>The event function g(t, y).</summary>
    public OdeEventFunction Function { get; }

    /// <summary>Which sign changes count.</summary>
    public EventDirection Direction { get; }

    /// <summary>Whether the integration stops at the first occurrence.</summary>
    public bool IsTerminal { get; }

    /// <summary>The name given at construction, if any.</summary>
    public string? Name { get; }

    /// <summary>Whether a change from <paramref name="before"/> to <paramref name="after"/> is an occurrence.</summary>
    internal bool IsCrossing(double before, double after) => Direction switch
    {
        EventDirection.Rising => before < 0 && after >= 0,
        EventDirection.Falling => before > 0 && after <= 0,
        _ => (before < 0 && after >= 0) || (before > 0 && after <= 0),
    };
}
