namespace TwinLab.Simulation.Events;

/// <summary>In which order a <see cref="Resource"/> serves requests of equal priority.</summary>
public enum QueueDiscipline
{
    /// <summary>First come, first served.</summary>
    Fifo,
    /// <summary>Last come, first served.</summary>
    Lifo,
}
