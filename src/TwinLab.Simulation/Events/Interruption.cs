namespace TwinLab.Simulation.Events;

/// <summary>
/// Why a process was resumed before the event it waited for happened: another process called
/// <see cref="Process.Interrupt"/>, or a <see cref="PreemptiveResource"/> took its resource away
/// (the cause is then a <see cref="Preempted"/>). Read it from <see cref="Process.Interruption"/>.
/// </summary>
public sealed class Interruption
{
    internal Interruption(object? cause) => Cause = cause;

    /// <summary>What the interrupting side passed.</summary>
    public object? Cause { get; }

    /// <inheritdoc />
    public override string ToString() => $"Interruption({Cause})";
}
