namespace TwinLab.Simulation.Queueing;

/// <summary>
/// Steady-state results for the M/M/c queue (Poisson arrivals at rate λ, c servers with exponential service
/// at rate μ each, one FIFO queue, unlimited waiting room): the reference the simulated queues are checked against.
/// </summary>
/// <remarks>
/// Formulas from Gross, Shortle, Thompson and Harris, <i>Fundamentals of Queueing Theory</i>, 4th ed. (Wiley, 2008),
/// section 2.3 (M/M/1) and 2.4 (M/M/c); the probability of waiting is Erlang's C formula (A. K. Erlang, 1917).
/// With offered load a = λ/μ and utilisation ρ = a/c &lt; 1: P(wait) = C(c, a); Wq = C(c, a) / (cμ − λ);
/// Lq = λ·Wq (Little's law); W = Wq + 1/μ; P(Wq ≤ t) = 1 − C(c, a)·e^(−(cμ − λ)t).
/// C is computed from Erlang B, C = c·B / (c − a(1 − B)), with B from the recursion
/// B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), which never forms aᶜ or c! and so stays accurate for
/// thousands of servers (Jagerman, "Some properties of the Erlang loss function", Bell System Technical Journal 53, 1974).
/// When ρ ≥ 1 the queue has no steady state: every customer eventually waits and waits grow without bound,
/// so P(wait) = 1 and the means are +∞.
/// </remarks>
public static class ErlangC
{
    /// <summary>Erlang's B formula: the probability that all <paramref name="servers"/> are busy in an M/M/c/c loss system with offered load a = λ/μ.</summary>
    public static double ErlangB(int servers, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        if (!(offeredLoad >= 0) || double.IsPositiveInfinity(offeredLoad)) throw new ArgumentOutOfRangeException(nameof(offeredLoad), offeredLoad, "Must be finite and non-negative.");
        var b = 1.0;
        for (var k = 1; k <= servers; k++) b = offeredLoad * b / (k + offeredLoad * b);
        return b;
    }

    /// <summary>Erlang's C formula: the probability an arriving customer has to wait.</summary>
    public static double WaitProbability(int servers, double arrivalRate, double serviceRate)
    {
        var a = OfferedLoad(servers, arrivalRate, serviceRate);
        if (a >= servers) return 1;
        var b = ErlangB(servers, a);
        return servers * b / (servers - a * (1 - b));
    }

    /// <summary>The mean time a customer waits in the queue before service, Wq.</summary>
    public static double MeanWait(int servers, double arrivalRate, double serviceRate)
    {
        var p = WaitProbability(servers, arrivalRate, serviceRate);
        var spare = servers * serviceRate - arrivalRate;
        return spare > 0 ? p / spare : double.PositiveInfinity;
    }

    /// <summary>The M/M/1 mean wait in queue, Wq = ρ/(μ − λ) with ρ = λ/μ: the one-server case in closed form.</summary>
    public static double SingleServerMeanWait(double arrivalRate, double serviceRate)
    {
        OfferedLoad(1, arrivalRate, serviceRate);
        return arrivalRate < serviceRate ? arrivalRate / serviceRate / (serviceRate - arrivalRate) : double.PositiveInfinity;
    }

    /// <summary>The mean number of customers waiting, Lq = λ·Wq (Little's law).</summary>
    public static double MeanQueueLength(int servers, double arrivalRate, double serviceRate) =>
        arrivalRate * MeanWait(servers, arrivalRate, serviceRate);

    /// <summary>The mean time in the system (waiting plus service), W = Wq + 1/μ.</summary>
    public static double MeanSystemTime(int servers, double arrivalRate, double serviceRate) =>
        MeanWait(servers, arrivalRate, serviceRate) + 1 / serviceRate;

    /// <summary>The server utilisation ρ = λ/(cμ) (above 1 for an overloaded queue).</summary>
    public static double Utilisation(int servers, double arrivalRate, double serviceRate) =>
        OfferedLoad(servers, arrivalRate, serviceRate) / servers;

    /// <summary>The service level: the probability a customer waits at most <paramref name="waitLimit"/>, P(Wq ≤ t).</summary>
    public static double ServiceLevel(int servers, double arrivalRate, double serviceRate, double waitLimit)
    {
        if (!(waitLimit >= 0)) throw new ArgumentOutOfRangeException(nameof(waitLimit), waitLimit, "Must not be negative.");
        var p = WaitProbability(servers, arrivalRate, serviceRate);
        var spare = servers * serviceRate - arrivalRate;
        return spare > 0 ? 1 - p * Math.Exp(-spare * waitLimit) : 0;
    }

    private static double OfferedLoad(int servers, double arrivalRate, double serviceRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        if (!(arrivalRate > 0) || double.IsPositiveInfinity(arrivalRate)) throw new ArgumentOutOfRangeException(nameof(arrivalRate), arrivalRate, "Must be positive and finite.");
        if (!(serviceRate > 0) || double.IsPositiveInfinity(serviceRate)) throw new ArgumentOutOfRangeException(nameof(serviceRate), serviceRate, "Must be positive and finite.");
        return arrivalRate / serviceRate;
    }
}
