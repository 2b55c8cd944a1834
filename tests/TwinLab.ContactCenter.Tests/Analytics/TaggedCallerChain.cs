namespace TwinLab.ContactCenter.Tests.Analytics;

/// <summary>
/// An independent check of the Erlang A waiting-time results: the tagged caller's absorbing Markov chain solved
/// numerically by uniformisation (Grassmann, "Transient solutions in Markovian queueing systems", Computers &amp;
/// Operations Research 4, 1977), instead of the negative-binomial closed form the code uses. With i callers ahead the
/// caller moves up at rate Nμ + iθ (to "answered" from i = 0) and hangs up at rate θ.
/// </summary>
internal static class TaggedCallerChain
{
    /// <summary>
    /// Given the distribution of callers ahead at arrival (<paramref name="waiting"/>, summing to P(wait)) and the chance
    /// of a free agent, returns P(answered within t), P(abandoned within t), P(abandon) and E[W; answered].
    /// </summary>
    public static (double AnsweredInTime, double AbandonedInTime, double Abandon, double AnsweredWait) Solve(
        double[] waiting, double freeAgent, int n, double mu, double theta, double t)
    {
        var states = waiting.Length;
        if (Math.Exp(-(n * mu + states * theta) * t) == 0) throw new ArgumentException("Λt too large for plain uniformisation.");
        var uniform = n * mu + states * theta; // the largest total rate out of any state
        var p = (double[])waiting.Clone();
        double answered = 0, abandoned = 0, answeredWait = 0, answeredInTime = 0, abandonedInTime = 0;
        double poisson = Math.Exp(-uniform * t), poissonMass = 0;
        for (var step = 0; ; step++)
        {
            // P(absorbed by t) = Σₖ P(k Poisson(Λt) jumps by t)·P(absorbed within k jumps of the uniformised chain).
            answeredInTime += poisson * answered;
            abandonedInTime += poisson * abandoned;
            poissonMass += poisson;
            poisson *= uniform * t / (step + 1);

            var next = new double[states];
            var newlyAnswered = 0.0;
            for (var i = 0; i < states; i++)
            {
                var up = (n * mu + i * theta) / uniform;
                var leave = theta / uniform;
                if (i == 0) newlyAnswered += p[i] * up; else next[i - 1] += p[i] * up;
                abandoned += p[i] * leave;
                next[i] += p[i] * (1 - up - leave);
            }

            answered += newlyAnswered;
            answeredWait += newlyAnswered * (step + 1) / uniform; // the k-th Poisson event comes at mean k/Λ
            p = next;
            if (p.Sum() < 1e-16 && poisson < 1e-300) break;
            if (step > 1_000_000) throw new InvalidOperationException("Uniformisation did not converge.");
        }

        // The loop ends once further Poisson weights are below 1e−300; what they would add is only rounding.
        var rest = Math.Max(0, 1 - poissonMass);
        answeredInTime += rest * answered;
        abandonedInTime += rest * abandoned;
        return (freeAgent + answeredInTime, abandonedInTime, abandoned, answeredWait);
    }
}
