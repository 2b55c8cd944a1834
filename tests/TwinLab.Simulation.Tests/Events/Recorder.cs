using TwinLab.Simulation.Events;

namespace TwinLab.Simulation.Tests.Events;

/// <summary>A low-level handler that writes down what it was given, and when.</summary>
internal sealed class Recorder(EventEngine engine) : IEventHandler
{
    public List<(double Time, int Kind, long Payload)> Seen { get; } = [];

    public Action<int, long>? OnEvent { get; init; }

    public void Handle(int kind, long payload)
    {
        Seen.Add((engine.Now, kind, payload));
        OnEvent?.Invoke(kind, payload);
    }
}
