namespace TwinLab.Simulation.Ode;

/// <summary>Which sign changes of an event function count, judged in the direction the integration runs.</summary>
public enum EventDirection
{
    /// <summary>Every sign change.</summary>
    Both = 0,

    /// <summary>Only changes from negative to non-negative (g increasing through zero).</summary>
    Rising = 1,

    /// <summary>Only changes from positive to non-positive (g decreasing through zero).</summary>
    Falling = 2,
}
