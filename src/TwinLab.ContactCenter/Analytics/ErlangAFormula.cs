namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// Erlang A (Palm's M/M/N+M): Poisson arrivals λ, N agents with exponential handle times (rate μ = 1/AHT),
/// one FCFS queue, and callers who abandon after an exponential patience (rate θ = 1/mean patience). Exact:
/// the birth–death chain is summed until its tail is below 1e−17 of what has been summed.
/// </summary>
/// <remarks>
/// <para><b>State probabilities</b> (Palm, "Research on telephone traffic carried by full availability groups",
/// Tele 1957 (Swedish original 1946); Garnett, Mandelbaum and Reiman, "Designing a call center with impatient
/// customers", M&amp;SOM 4(3), 2002, §2): births λ, deaths min(n, N)μ + max(n − N, 0)θ, so
/// π_n ∝ Aⁿ/n! for n ≤ N and π_{N+j} = π_N·t_j with t_j = Π_{i=1..j} λ/(Nμ + iθ). The head needs no sum:
/// Σ_{n≤N} π_n/π_N = 1/B(N, A), the Erlang B value, so with tail sum S = Σ_{j≥0} t_j the normaliser is
/// Z = (1 − B) + B·S after multiplying through by B (no overflow even when 1/B would). The t_j are rescaled by 1e−250
/// whenever they exceed 1e250, so an overloaded centre whose queue holds thousands is summed without overflow.
/// Then P(W &gt; 0) = B·S/Z, E[Q] = B·Σ j·t_j/Z and E[W] = E[Q]/λ (Little's law, over all arrivals).</para>
/// <para><b>A tagged caller</b> (Mandelbaum and Zeltyn, "The M/M/n+G queue: summary of performance measures",
/// Technion technical note, 2004/2009; Zeltyn and Mandelbaum, Queueing Systems 51, 2005, 361–402). By PASTA an
/// arrival sees state N + j with probability π_{N+j} and then has j callers ahead. With i ahead it moves up at rate
/// Nμ + iθ (a service completion or an abandonment ahead; callers behind never matter under FCFS) and leaves
/// itself at rate θ. Its stage with i ahead therefore lasts Exp(Nμ + (i + 1)θ) whatever ends it (competing
/// exponentials), and it is answered with probability Π_{i=0..j} (Nμ + iθ)/(Nμ + (i + 1)θ) = Nμ/(Nμ + (j + 1)θ).
/// Hence P(abandon) = Σ_j π_{N+j}·(j + 1)θ/(Nμ + (j + 1)θ), equal to θ·E[W] by the balance equations (tested);
/// an answered caller's wait is T_j = Σ_{k=1..j+1} Exp(Nμ + kθ), so ASA = Σ_j π_{N+j}·a_j·Σ_k 1/(Nμ + kθ) / (1 − P(abandon))
/// with a_j the answer probability; and P(answered within t | j) = a_j·P(T_j ≤ t).</para>
/// <para><b>The waiting-time distribution</b> (derived here; checked in the tests against uniformisation of the
/// tagged caller's Markov chain). A sum of independent exponentials does not depend on their order, so T_j is the
/// time a pure-birth process with rates (Nμ + θ) + kθ at count k takes to reach j + 1; a linear birth process with
/// immigration has a negative-binomial count (Kendall, "Stochastic processes and population growth", JRSS B 11, 1949;
/// Karlin and Taylor, <i>A First Course in Stochastic Processes</i>, 2nd ed., 1975, ch. 4), so
/// P(T_j &gt; t) = Σ_{k=0..j} w_k with w_0 = e^(−(Nμ + θ)t), w_k = w_{k−1}·(Nμ + kθ)·g/k, g = (1 − e^(−θt))/θ.
/// The offered wait (ignoring the caller's own patience) has rates Nμ + kθ, k = 0..j, and the caller is still waiting
/// at t when that has not ended and patience exceeds t: P(W &gt; t | j) = Σ_{k=0..j} u_k with u_0 = w_0 and
/// u_k = u_{k−1}·(Nμ + (k − 1)θ)·g/k. As θ → 0, g → t and the w_k become Poisson(Nμt) terms: Erlang C's
/// Erlang-distributed wait. Every term is positive, so the sums are stable; w_0 may underflow for long targets and
/// is then carried in log space (<see cref="UnderflowSafeProduct"/>). Abandoned within t = 1 − P(W &gt; t) − answered within t.</para>
/// </remarks>
internal sealed class ErlangAFormula : IQueueFormula
{
    // Stop when the rest of the tail bounds below this fraction of what has been summed: below double precision.
    private const double TailTolerance = 1e-17;
    private const double RescaleAbove = 1e250;
    private const double RescaleBy = 1e-250;
    // A queue this long only arises for nearly infinite patience in an overloaded centre; refuse rather than spin.
    private const int MaxQueueStates = 5_000_000;

    private readonly double _load;
    private readonly double _arrivalRate;
    private readonly double _serviceRate;
    private readonly double _abandonRate;
    private readonly double _target;
    private readonly double _g;

    /// <summary>Creates the formula for a workload, answer-time target and mean patience (all validated by the caller).</summary>
    public ErlangAFormula(Workload workload, double targetAnswerSeconds, double meanPatienceSeconds)
    {
        _load = workload.OfferedLoad;
        _arrivalRate = workload.ArrivalRatePerSecond;
        _serviceRate = 1 / workload.AverageHandleTimeSeconds;
        _abandonRate = 1 / meanPatienceSeconds;
        _target = targetAnswerSeconds;
        _g = -Exponential.MinusOne(-_abandonRate * targetAnswerSeconds) / _abandonRate;
    }

    /// <inheritdoc />
    public double OfferedLoad => _load;

    /// <inheritdoc />
    public int MinimumAgents => 1; // abandonment keeps the queue finite at any staffing

    /// <inheritdoc />
    public StaffingMetrics Evaluate(int agents, double erlangB)
    {
        double nMu = agents * _serviceRate, theta = _abandonRate, lambda = _arrivalRate;
        double head = 1 - erlangB, term = 1; // head and t_j carry the same rescaling factor
        double sum = 0, sumQueue = 0, sumAbandon = 0, sumAnsweredInTime = 0, sumWaitingAtTarget = 0, sumAnsweredWait = 0;
        var start = -(nMu + theta) * _target;
        var w = new UnderflowSafeProduct(start);
        var u = new UnderflowSafeProduct(start);
        double lateCdf = 0, waitingCdf = 0, stageMeans = 0;

        for (var j = 0; ; j++)
        {
            if (j > 0)
            {
                var gOverJ = _g / j;
                w.Multiply((nMu + j * theta) * gOverJ);
                u.Multiply((nMu + (j - 1) * theta) * gOverJ);
            }

            lateCdf += w.Value;    // P(T_j > t)
            waitingCdf += u.Value; // P(W > t | j ahead)
            var stageTime = 1 / (nMu + (j + 1) * theta); // the one division per state: mean of the stage with j ahead
            stageMeans += stageTime;                      // E[T_j]
            var answered = nMu * stageTime;

            sum += term;
            sumQueue += j * term;
            sumAbandon += term * ((j + 1) * theta * stageTime); // not 1 − answered: keeps accuracy when θ is tiny
            sumAnsweredInTime += term * answered * Math.Max(0, 1 - lateCdf);
            sumWaitingAtTarget += term * Math.Min(1, waitingCdf);
            sumAnsweredWait += term * answered * stageMeans;

            var ratio = lambda * stageTime; // t_{j+1}/t_j; falls as j grows
            if (ratio < 1 && TailIsNegligible(term, ratio, j, sum, sumQueue)) break;
            if (j >= MaxQueueStates)
                throw new ArgumentException($"The queue would hold over {MaxQueueStates:N0} callers: patience too long for an overloaded centre.", "meanPatienceSeconds");

            term *= ratio;
            if (term > RescaleAbove)
            {
                term *= RescaleBy; head *= RescaleBy; sum *= RescaleBy; sumQueue *= RescaleBy; sumAbandon *= RescaleBy;
                sumAnsweredInTime *= RescaleBy; sumWaitingAtTarget *= RescaleBy; sumAnsweredWait *= RescaleBy;
            }
        }

        var b = erlangB;
        var z = head + b * sum;
        var abandon = b * sumAbandon / z;
        var answeredInTime = (head + b * sumAnsweredInTime) / z; // callers finding a free agent wait 0 ≤ t
        var waitingAtTarget = b * sumWaitingAtTarget / z;
        var abandonedInTime = Math.Max(0, 1 - waitingAtTarget - answeredInTime);
        var meanQueue = b * sumQueue / z;
        var answeredShare = 1 - abandon;
        return new StaffingMetrics(
            agents, _load, _target,
            WaitProbability: b * sum / z,
            AverageSpeedOfAnswerSeconds: answeredShare > 0 ? b * sumAnsweredWait / z / answeredShare : double.PositiveInfinity,
            MeanWaitSeconds: lambda > 0 ? meanQueue / lambda : 0,
            ServiceLevel: answeredInTime,
            ServiceLevelExcludingShortAbandons: abandonedInTime < 1 ? Math.Min(1, answeredInTime / (1 - abandonedInTime)) : 0,
            Occupancy: _load * answeredShare / agents, // carried load over agents
            AbandonmentProbability: abandon,
            MeanQueueLength: meanQueue);
    }

    /// <summary>
    /// Whether the terms after t_j are negligible. With r = t_{j+1}/t_j &lt; 1 and the ratios falling,
    /// t_{j+m} ≤ t_j·rᵐ, so Σ_{k&gt;j} t_k ≤ t_j·r/(1 − r) and Σ_{k&gt;j} k·t_k ≤ t_j·(j·r/(1 − r) + r/(1 − r)²).
    /// The second bound also covers the other sums, whose weights per state are at most 1 or grow like k.
    /// </summary>
    private static bool TailIsNegligible(double term, double ratio, int j, double sum, double sumQueue)
    {
        // The bounds multiplied through by (1 − r) and (1 − r)²: no division in the inner loop.
        var rest = 1 - ratio;
        return term * ratio <= TailTolerance * sum * rest
            && term * ratio * (j * rest + 1) <= TailTolerance * sumQueue * rest * rest;
    }
}
