using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Queueing;

/// <summary>
/// Standard exponential draws (mean 1) by the ziggurat method of Marsaglia and Tsang ("The Ziggurat Method
/// for Generating Random Variables", Journal of Statistical Software 5(8), 2000), with 256 layers. About 99%
/// of draws cost one 64-bit random number, a table lookup and a multiplication, instead of the logarithm
/// inversion needs: the queueing models draw one exponential per event, and the logarithm was a third of
/// their time.
/// </summary>
/// <remarks>
/// The layer index and the position within the layer come from disjoint bits of one draw (the low 8 bits and
/// the high 53), avoiding the correlation Doornik ("An Improved Ziggurat Method to Generate Normal Random
/// Samples", 2005) found in the original's reuse of the same bits. Layers are numbered from the base up:
/// <c>X[0]</c> is the base layer's pseudo-width (its area, tail included, over the curve's height at
/// <c>r</c>), <c>X[1] = r</c>, and each next edge makes a layer of the same area <c>v</c>:
/// e^(−X[i+1]) = e^(−X[i]) + v / X[i], up to <c>X[256] = 0</c>. <c>F[i] = e^(−X[i])</c>.
/// </remarks>
internal static class ExponentialZiggurat
{
    private const int Layers = 256;
    // The rightmost edge r and the common layer area v for 256 layers (Marsaglia and Tsang, 2000).
    private const double R = 7.69711747013104972;
    private const double V = 3.949659822581572e-3;

    private static readonly double[] X = BuildEdges();
    private static readonly double[] F = X.Select(x => Math.Exp(-x)).ToArray();

    /// <summary>An exponential draw with mean 1.</summary>
    public static double NextStandard(RandomStream random)
    {
        while (true)
        {
            var bits = random.NextUInt64();
            var layer = (int)(bits & (Layers - 1));
            var x = (bits >> 11) * (1.0 / (1UL << 53)) * X[layer];
            if (x < X[layer + 1]) return x; // inside the layer's rectangle that lies wholly under the curve
            if (layer == 0) return R - Math.Log(random.NextDouble()); // the tail: memoryless, so r plus an exponential
            if (F[layer] + random.NextDouble() * (F[layer + 1] - F[layer]) < Math.Exp(-x)) return x; // the wedge
        }
    }

    private static double[] BuildEdges()
    {
        var x = new double[Layers + 1];
        x[0] = V / Math.Exp(-R);
        x[1] = R;
        for (var i = 1; i < Layers - 1; i++) x[i + 1] = -Math.Log(Math.Exp(-x[i]) + V / x[i]);
        x[Layers] = 0;
        return x;
    }
}
