using MathNet.Numerics;

namespace TwinLab.Simulation.Ode;

/// <summary>
/// Finds where a scalar function changes sign inside a bracket by the Illinois variant of regula falsi
/// (Dowell and Jarratt, BIT 11 (1971) 168–174), with a bisection step whenever the bracket fails to halve in
/// three iterations, so it always converges and is superlinear when g is smooth, as it is on a dense output.
/// </summary>
/// <remarks>
/// Written here rather than calling MathNet's <c>Brent.TryFindRoot</c>: that one also stops once |g| falls
/// below its accuracy, an absolute test in g's own units that makes the time error depend on how g is scaled,
/// it does not say on which side of the crossing its answer lies, and it needs a closure per call. Here the
/// stop test is on the bracket width in time, and the answer is the bracket end on the far side of the
/// crossing, so the state reported at an event has crossed (Shampine and Thompson, 2000).
/// </remarks>
internal static class CrossingLocator
{
    private const int MaxIterations = 200;

    /// <summary>Returns the crossing in [a, b] to within a few ulps of time, given g(a)·g(b) &lt; 0 or g(b) = 0.</summary>
    public static double Locate<TFunction>(ref TFunction g, double a, double ga, double b, double gb)
        where TFunction : struct, IScalarFunction
    {
        if (gb == 0) return b;
        var retained = 0; // +1 when a was kept last iteration, −1 when b was
        var checkpointWidth = Math.Abs(b - a);
        var sinceHalving = 0;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var width = Math.Abs(b - a);
            if (width <= 4 * Precision.PositiveDoublePrecision * Math.Max(Math.Abs(a), Math.Abs(b))) break;

            var c = sinceHalving >= 3 ? 0.5 * (a + b) : b - gb * (b - a) / (gb - ga);
            if (!((c - a) * (c - b) < 0)) c = 0.5 * (a + b); // rounding put the secant point on or outside the bracket
            if ((c - a) * (c - b) >= 0) break; // a and b are adjacent doubles
            var gc = g.Evaluate(c);
            if (gc == 0) return c;

            if (Math.Sign(gc) == Math.Sign(gb))
            {
                b = c;
                gb = gc;
                if (retained == 1) ga *= 0.5; // a survived twice: halve its weight so the secant moves off it
                retained = 1;
            }
            else
            {
                a = c;
                ga = gc;
                if (retained == -1) gb *= 0.5;
                retained = -1;
            }

            var newWidth = Math.Abs(b - a);
            if (newWidth <= 0.5 * checkpointWidth)
            {
                checkpointWidth = newWidth;
                sinceHalving = 0;
            }
            else sinceHalving++;
        }
        return b;
    }
}
