using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Calibration;

/// <summary>
/// What the twin believes about one person's parameters: a multivariate normal over
/// [untreated systolic, untreated diastolic, sensitivity to each <see cref="DrugClass"/> in enum order].
/// </summary>
/// <remarks>Immutable. Samples clamp sensitivities at 0.05 (nobody's BP rises on a drug in this model).</remarks>
public sealed class PhysiologyPosterior
{
    /// <summary>Index of the untreated systolic BP in <see cref="Mean"/>.</summary>
    public const int SystolicIndex = 0;

    /// <summary>Index of the untreated diastolic BP in <see cref="Mean"/>.</summary>
    public const int DiastolicIndex = 1;

    /// <summary>Number of parameters: two untreated BPs and one sensitivity per class.</summary>
    public static int Dimension => 2 + DrugClassNames.All.Count;

    private readonly double[,] _cholesky;

    /// <summary>Creates the distribution.</summary>
    /// <param name="mean">Mean vector of length <see cref="Dimension"/>.</param>
    /// <param name="covariance">Covariance, symmetric positive definite, <see cref="Dimension"/> square.</param>
    /// <param name="fromPopulationOnly">True when no treatment response informed it (the population prior).</param>
    /// <param name="evidence">What informed it, in the user's words (e.g. "412 readings over 3 regimen changes").</param>
    public PhysiologyPosterior(double[] mean, double[,] covariance, bool fromPopulationOnly, string evidence)
    {
        if (mean.Length != Dimension || covariance.GetLength(0) != Dimension || covariance.GetLength(1) != Dimension)
            throw new ArgumentException($"Expected {Dimension} parameters.", nameof(mean));
        Mean = (double[])mean.Clone();
        Covariance = (double[,])covariance.Clone();
        FromPopulationOnly = fromPopulationOnly;
        Evidence = evidence;
        _cholesky = Cholesky(Covariance);
    }

    /// <summary>Mean vector: [untreated systolic, untreated diastolic, sensitivity per class].</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Covariance matrix (a copy is kept; do not rely on mutating it).</summary>
    public double[,] Covariance { get; }

    /// <summary>Whether this is the population prior, no response to treatment having been seen.</summary>
    public bool FromPopulationOnly { get; }

    /// <summary>What informed it.</summary>
    public string Evidence { get; }

    /// <summary>The mean as a person.</summary>
    public PatientPhysiology MeanPhysiology => new(new BpChange(Mean[0], Mean[1]),
        Enumerable.Range(0, DrugClassNames.All.Count).Select(i => Math.Max(0.05, Mean[2 + i])).ToArray());

    /// <summary>The SD of one parameter.</summary>
    public double Sd(int index) => Math.Sqrt(Covariance[index, index]);

    /// <summary>Index of a class's sensitivity in <see cref="Mean"/>.</summary>
    public static int SensitivityIndex(DrugClass drugClass) => 2 + (int)drugClass;

    /// <summary>The population prior for a person whose untreated home BP is believed to be about <paramref name="untreated"/>.</summary>
    public static PhysiologyPosterior FromPopulation(BpChange untreated, PopulationPrior? prior = null, string evidence = "population prior only: no response to treatment seen")
    {
        prior ??= PopulationPrior.Default;
        var n = Dimension;
        var mean = new double[n];
        var cov = new double[n, n];
        mean[0] = untreated.Systolic;
        mean[1] = untreated.Diastolic;
        cov[0, 0] = prior.UntreatedSd.Systolic * prior.UntreatedSd.Systolic;
        cov[1, 1] = prior.UntreatedSd.Diastolic * prior.UntreatedSd.Diastolic;
        // Untreated systolic and diastolic go together in a population (correlation about 0.6 is typical of BP surveys); assumed.
        cov[0, 1] = cov[1, 0] = 0.6 * prior.UntreatedSd.Systolic * prior.UntreatedSd.Diastolic;
        foreach (var a in DrugClassNames.All)
        {
            mean[SensitivityIndex(a)] = 1;
            foreach (var b in DrugClassNames.All)
                cov[SensitivityIndex(a), SensitivityIndex(b)] = prior.Correlation(a, b) * prior.SensitivitySd * prior.SensitivitySd;
        }
        return new PhysiologyPosterior(mean, cov, true, evidence);
    }

    /// <summary>Draws <paramref name="count"/> people from the distribution.</summary>
    public PatientPhysiology[] Sample(RandomStream random, int count)
    {
        var n = Dimension;
        var z = new double[n];
        var result = new PatientPhysiology[count];
        for (var k = 0; k < count; k++)
        {
            for (var i = 0; i < n; i++) z[i] = random.NextGaussian();
            var x = new double[n];
            for (var i = 0; i < n; i++)
            {
                var sum = Mean[i];
                for (var j = 0; j <= i; j++) sum += _cholesky[i, j] * z[j];
                x[i] = sum;
            }
            var sensitivity = new double[DrugClassNames.All.Count];
            for (var c = 0; c < sensitivity.Length; c++) sensitivity[c] = Math.Max(0.05, x[2 + c]);
            result[k] = new PatientPhysiology(new BpChange(x[0], x[1]), sensitivity);
        }
        return result;
    }

    private static double[,] Cholesky(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (sum <= 0) throw new ArgumentException("The covariance is not positive definite.", nameof(a));
                    l[i, i] = Math.Sqrt(sum);
                }
                else l[i, j] = sum / l[j, j];
            }
        }
        return l;
    }
}
