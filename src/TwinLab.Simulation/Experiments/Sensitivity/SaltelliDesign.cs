using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Experiments.Sensitivity;

/// <summary>
/// Saltelli's sampling scheme (Saltelli, 2002, "Making best use of model evaluations to compute sensitivity
/// indices", Comput. Phys. Commun. 145:280–297; Saltelli et al., 2010, §3): two independent N×k matrices A and B
/// of unit-cube samples and, for each factor i, A_B^(i) — A with its column i taken from B. Evaluation e lies in
/// block e / N (0 = A, 1 = B, 2 + i = A_B^(i)), row e mod N, so N·(k+2) evaluations cover the design.
/// </summary>
internal sealed class SaltelliDesign
{
    // Stream indices below zero are never used by scenarios (they are 0, 1, …), so the design cannot share random
    // numbers with the replications it drives.
    private const int DesignStream = -1;

    private readonly double[] _a;
    private readonly double[] _b;

    private SaltelliDesign(int n, int k, SobolDesign design, double[] a, double[] b)
    {
        N = n;
        K = k;
        Design = design;
        _a = a;
        _b = b;
    }

    /// <summary>Rows of each base matrix.</summary>
    public int N { get; }
    /// <summary>Factors.</summary>
    public int K { get; }
    /// <summary>The design used.</summary>
    public SobolDesign Design { get; }
    /// <summary>Model evaluations the design needs.</summary>
    public long Evaluations => (long)N * (K + 2);

    /// <summary>Draws A and B; a quasi-random design beyond the sequence's dimensions falls back to pseudo-random.</summary>
    public static SaltelliDesign Create(int n, int k, SobolDesign design, ulong seed)
    {
        var random = RandomStream.For(seed, DesignStream, 0);
        if (design == SobolDesign.Quasi && 2 * k > SobolSequence.MaxDimensions) design = SobolDesign.PseudoRandom;
        var a = new double[n * k];
        var b = new double[n * k];
        if (design == SobolDesign.Quasi)
        {
            var sequence = new SobolSequence(2 * k, random);
            for (var j = 0; j < n; j++)
            for (var i = 0; i < k; i++)
            {
                a[j * k + i] = sequence.Point(j, i);
                b[j * k + i] = sequence.Point(j, k + i);
            }
        }
        else
        {
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < k; i++) a[j * k + i] = random.NextDouble();
                for (var i = 0; i < k; i++) b[j * k + i] = random.NextDouble();
            }
        }
        return new SaltelliDesign(n, k, design, a, b);
    }

    /// <summary>The unit-cube point of evaluation <paramref name="evaluation"/>.</summary>
    public double[] UnitPoint(long evaluation)
    {
        var block = (int)(evaluation / N);
        var row = (int)(evaluation % N);
        var point = new double[K];
        var source = block == 1 ? _b : _a;
        Array.Copy(source, row * K, point, 0, K);
        if (block >= 2) point[block - 2] = _b[row * K + block - 2];
        return point;
    }
}
