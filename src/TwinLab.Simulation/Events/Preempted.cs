namespace TwinLab.Simulation.Events;

/// <summary>The <see cref="Interruption.Cause"/> given to a process whose resource a more important request took.</summary>
/// <param name="By">The process whose request pre-empted it (null when the request came from outside any process).</param>
/// <param name="UsageSince">When the pre-empted request was granted, so the victim knows how much work it did.</param>
/// <param name="Resource">The resource it lost.</param>
public sealed record Preempted(Process? By, double UsageSince, Resource Resource);
