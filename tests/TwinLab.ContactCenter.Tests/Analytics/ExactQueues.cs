using System.Numerics;

namespace TwinLab.ContactCenter.Tests.Analytics;

/// <summary>
/// Reference values computed independently of the code under test: exact rational arithmetic on the textbook
/// sum forms (no Erlang B recursion, no logs, no rescaling), converted to double only at the end.
/// </summary>
internal static class ExactQueues
{
    /// <summary>
    /// Erlang C for N servers and A = p/q Erlangs from C = (Aᴺ/N!)(N/(N − A)) / (Σ_{k&lt;N} Aᵏ/k! + (Aᴺ/N!)(N/(N − A))),
    /// multiplied through by qᴺ·N!·(Nq − p) so every term is an integer.
    /// </summary>
    public static double ErlangC(int n, BigInteger p, BigInteger q)
    {
        BigInteger sum = 0, fallingFactorial = 1; // N!/k!
        for (var k = n - 1; k >= 0; k--)
        {
            fallingFactorial *= k + 1;
            sum += BigInteger.Pow(p, k) * BigInteger.Pow(q, n - k) * fallingFactorial;
        }

        var top = BigInteger.Pow(p, n) * n * q;
        return Ratio(top, sum * (n * q - p) + top);
    }

    /// <summary>
    /// Erlang A for N servers and integer rates (any time unit) by direct summation of the birth–death chain
    /// truncated after <paramref name="queueStates"/> waiting states, over the common denominator
    /// D = μᴺ·N!·Π_{i=1..J}(Nμ + iθ). Returns P(n ≥ N), E[Q], P(n &lt; N) and the distribution of the number
    /// waiting, π_{N+j}, seen by arrivals (PASTA).
    /// </summary>
    public static ChainResult ErlangA(int n, int lambda, int mu, int theta, int queueStates)
    {
        var suffix = new BigInteger[queueStates + 1]; // suffix[j] = Π_{i=j+1..J}(Nμ + iθ)
        suffix[queueStates] = 1;
        for (var j = queueStates - 1; j >= 0; j--) suffix[j] = suffix[j + 1] * (n * mu + (j + 1) * theta);

        BigInteger head = 0, fallingFactorial = 1; // N!/k!
        for (var k = n - 1; k >= 0; k--)
        {
            fallingFactorial *= k + 1;
            head += BigInteger.Pow(lambda, k) * BigInteger.Pow(mu, n - k) * fallingFactorial * suffix[0];
        }

        var tail = new BigInteger[queueStates + 1];
        BigInteger tailSum = 0, queueSum = 0, lambdaPower = BigInteger.Pow(lambda, n);
        for (var j = 0; j <= queueStates; j++)
        {
            tail[j] = lambdaPower * suffix[j];
            tailSum += tail[j];
            queueSum += j * tail[j];
            lambdaPower *= lambda;
        }

        var total = head + tailSum;
        if (Ratio(tail[queueStates], total) > 1e-30) throw new InvalidOperationException("Truncated too early.");
        var waiting = tail.Select(t => Ratio(t, total)).ToArray();
        return new ChainResult(Ratio(tailSum, total), Ratio(queueSum, total), Ratio(head, total), waiting);
    }

    /// <summary>num/den as a double, to full double precision, by integer division after scaling.</summary>
    public static double Ratio(BigInteger num, BigInteger den)
    {
        if (num.IsZero) return 0;
        var shift = (int)(den.GetBitLength() - num.GetBitLength()) + 80;
        var quotient = shift >= 0 ? (num << shift) / den : num / (den << -shift);
        return Math.ScaleB((double)quotient, -shift);
    }

    /// <summary>Results of the truncated chain.</summary>
    /// <param name="WaitProbability">P(W &gt; 0).</param>
    /// <param name="MeanQueue">E[Q].</param>
    /// <param name="FreeAgentProbability">P(an arrival finds a free agent).</param>
    /// <param name="Waiting">π_{N+j}: probability an arrival finds j callers ahead and every agent busy.</param>
    internal sealed record ChainResult(double WaitProbability, double MeanQueue, double FreeAgentProbability, double[] Waiting);
}
