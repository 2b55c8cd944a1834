namespace TwinLab.ContactCenter.Tests.Simulation;

/// <summary>
/// Erlang A (M/M/N+M, Palm 1946) for the tests, from the birth–death chain: births λ, deaths min(n, N)·μ +
/// max(n − N, 0)·θ, so π_n ∝ Aⁿ/n! for n ≤ N and π_{N+j} = π_N·Π_{i=1..j} λ/(Nμ + iθ). Then E[Q] = Σ (n − N)·π_n,
/// E[W] = E[Q]/λ over all arrivals (Little), P(abandon) = θ·E[Q]/λ and, with Poisson arrivals seeing time averages,
/// P(wait) = Σ_{n ≥ N} π_n. Formulas: Mandelbaum and Zeltyn, "The M/M/n+G queue: summary of performance measures"
/// (Technion, 2009); the chain is truncated where its terms vanish.
/// </summary>
internal static class ErlangA
{
    public static (double WaitProbability, double MeanWait, double AbandonProbability) Solve(
        double arrivalRate, double serviceRate, int agents, double abandonRate)
    {
        // Unnormalised probabilities, scaled to π_0 = 1 and built by the ratio of neighbours to avoid overflow.
        var terms = new List<double> { 1 };
        for (var n = 1; ; n++)
        {
            var death = Math.Min(n, agents) * serviceRate + Math.Max(n - agents, 0) * abandonRate;
            var next = terms[^1] * arrivalRate / death;
            terms.Add(next);
            if (n > agents && next < 1e-18 * terms.Max()) break;
        }
        var total = terms.Sum();
        double wait = 0, queue = 0;
        for (var n = agents; n < terms.Count; n++)
        {
            wait += terms[n] / total;
            queue += (n - agents) * terms[n] / total;
        }
        var meanWait = queue / arrivalRate;
        return (wait, meanWait, abandonRate * meanWait);
    }
}
