using TwinLab.ContactCenter.Simulation;

namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>Records every service start of a replication.</summary>
internal sealed class ServiceLog : IRunObserver
{
    public List<(int Agent, int Queue, double Time, double Waited, bool Callback)> Entries { get; } = [];

    public void ServiceStarted(int agent, int queue, double time, double waited, bool callback) =>
        Entries.Add((agent, queue, time, waited, callback));
}
