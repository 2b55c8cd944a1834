using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Experiments.Sweep;

/// <summary>
/// Latin hypercube sampling (McKay, Beckman and Conover, 1979, "A comparison of three methods for selecting values
/// of input variables in the analysis of output from a computer code", Technometrics 21(2)): each axis of the unit
/// cube is cut into n equal strata and every stratum of every axis holds exactly one of the n points.
/// </summary>
internal static class LatinHypercubeSampler
{
    /// <summary>n points in [0, 1)^dimensions: point i's coordinate j is (π_j(i) + U_ij) / n for random permutations π_j.</summary>
    public static double[][] Sample(int points, int dimensions, RandomStream random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        ArgumentOutOfRangeException.ThrowIfNegative(dimensions);
        var result = new double[points][];
        for (var i = 0; i < points; i++) result[i] = new double[dimensions];
        var permutation = new int[points];
        for (var j = 0; j < dimensions; j++)
        {
            for (var i = 0; i < points; i++) permutation[i] = i;
            // Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2P): every permutation equally likely.
            for (var i = points - 1; i > 0; i--)
            {
                var k = random.NextInt(i + 1);
                (permutation[i], permutation[k]) = (permutation[k], permutation[i]);
            }
            for (var i = 0; i < points; i++)
                result[i][j] = Math.Min((permutation[i] + random.NextDouble()) / points, Math.BitDecrement(1.0));
        }
        return result;
    }
}
