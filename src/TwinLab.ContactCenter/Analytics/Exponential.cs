namespace TwinLab.ContactCenter.Analytics;

/// <summary>Exponential-function helpers the standard library lacks.</summary>
internal static class Exponential
{
    /// <summary>
    /// eˣ − 1 without the cancellation of Math.Exp(x) − 1 for small x (Erlang A needs (1 − e^(−θt))/θ as θ → 0,
    /// where it must tend to t). Kahan's trick: with u = eˣ rounded, (u − 1)·x/ln u is accurate to a few ulps
    /// because the rounding of u cancels between u − 1 and ln u (Higham, <i>Accuracy and Stability of Numerical
    /// Algorithms</i>, 2nd ed., SIAM 2002, §1.14.1).
    /// </summary>
    public static double MinusOne(double x)
    {
        var u = Math.Exp(x);
        if (u == 1) return x;
        var um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }
}
