namespace TwinLab.Network.Capacity;

/// <summary>The load on one link and what it does to latency.</summary>
/// <param name="Link">The link (with the capacity evaluated).</param>
/// <param name="LoadAToB">Mean load from <see cref="CapacityLink.A"/> to <see cref="CapacityLink.B"/>, bit/s (measured background included).</param>
/// <param name="LoadBToA">Mean load the other way, bit/s.</param>
/// <param name="MeanPacketBits">The mean packet size used for the queueing delay, bits.</param>
public sealed record LinkUtilisation(CapacityLink Link, double LoadAToB, double LoadBToA, double MeanPacketBits)
{
    /// <summary>The busier direction's load, bit/s.</summary>
    public double Load => Math.Max(LoadAToB, LoadBToA);

    /// <summary>Load over capacity in the busier direction.</summary>
    public double Utilisation => Load / Link.Capacity;

    /// <summary>Whether the offered load reaches the capacity (utilisation ≥ 1): queues grow without bound.</summary>
    public bool Overloaded => Utilisation >= 1;

    /// <summary>Mean time in the busier direction's queue and transmitter, seconds; null when overloaded.</summary>
    public double? QueueingDelay => QueueingDelayAt(Load);

    /// <summary>Propagation plus queueing delay of the busier direction, seconds; null when overloaded.</summary>
    public double? Latency => QueueingDelay is { } q ? Link.Delay + q : null;

    /// <summary>The M/M/1 mean sojourn time (waiting plus transmission) of a packet on this link at
    /// <paramref name="load"/>: T = 1/(μ − λ) with μ = C/L and λ = load/L packets per second, i.e. L/(C − load)
    /// (Kleinrock, <i>Queueing Systems, Vol. 1: Theory</i>, Wiley 1975, §3.2; treating each link as an
    /// independent M/M/1 queue is Kleinrock's independence assumption, <i>Communication Nets</i>, 1964).</summary>
    /// <param name="load">Offered load, bit/s.</param>
    /// <returns>Seconds; null when the load reaches the capacity.</returns>
    public double? QueueingDelayAt(double load) => load < Link.Capacity ? MeanPacketBits / (Link.Capacity - load) : null;
}
