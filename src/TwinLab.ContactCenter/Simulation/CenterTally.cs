namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// Time integrals of one replication: agent time over the measured window (for occupancy and cost) and, per
/// interval of the whole horizon, arrivals, service level and time-averaged agents and queue length (for bands).
/// </summary>
internal sealed class CenterTally(int intervals)
{
    public double BusyAgentSeconds;
    public double StaffedAgentSeconds;
    public double PaidAgentSeconds;
    /// <summary>∫ (cost per hour of the agents on shift) dt, in cost·seconds/hour.</summary>
    public double CostSeconds;

    public readonly double[] Arrivals = new double[intervals];
    /// <summary>Per arrival interval: contacts answered within target.</summary>
    public readonly double[] WithinTarget = new double[intervals];
    /// <summary>Per arrival interval: contacts offered minus those that abandoned within target.</summary>
    public readonly double[] TargetBase = new double[intervals];
    public readonly double[] StaffedArea = new double[intervals];
    public readonly double[] BusyArea = new double[intervals];
    public readonly double[] QueueArea = new double[intervals];

    public int Intervals => Arrivals.Length;
}
