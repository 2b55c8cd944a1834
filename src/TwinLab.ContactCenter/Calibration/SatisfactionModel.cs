using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// A linear regression of the survey score on how the contact went: wait and handle minutes, resolution, channel
/// and queue (see <see cref="Coefficients"/>), fitted by ordinary least squares to the surveyed rows. Predictions
/// are clamped to the observed scores, since a straight line would otherwise leave the survey scale at long waits.
/// </summary>
/// <remarks>
/// Linear rather than a learned black box: the coefficients are the explanation managers ask for ("a minute of
/// waiting costs 0.1 points") and carry standard errors. Its quality is reported on a seeded hold-out split
/// (fit on the rest, score the held-out rows); the coefficients, R² and standard errors are then refitted on all
/// surveyed rows. Survey response is rarely random, so a good fit describes the respondents, not every customer.
/// </remarks>
public sealed class SatisfactionModel : ISatisfactionPredictor
{
    private readonly SatisfactionDesign _design;
    private readonly OlsFit _fit;

    private SatisfactionModel(SatisfactionDesign design, OlsFit fit, int rows, double rSquared, double minScore, double maxScore,
        int holdOutRows, double holdOutRSquared, double holdOutRmse)
    {
        _design = design;
        _fit = fit;
        Rows = rows;
        RSquared = rSquared;
        MinScore = minScore;
        MaxScore = maxScore;
        HoldOutRows = holdOutRows;
        HoldOutRSquared = holdOutRSquared;
        HoldOutRmse = holdOutRmse;
        Coefficients = fit.Kept.Select((k, j) => new SatisfactionCoefficient(design.Names[k], fit.Beta[j], fit.StandardErrors[j])).ToList();
    }

    /// <summary>The fitted terms with their standard errors (terms without variation in the data are left out).</summary>
    public IReadOnlyList<SatisfactionCoefficient> Coefficients { get; }

    /// <summary>Surveyed rows fitted.</summary>
    public int Rows { get; }

    /// <summary>In-sample coefficient of determination on all surveyed rows.</summary>
    public double RSquared { get; }

    /// <summary>Residual standard error √(RSS / (n − p)) on all rows.</summary>
    public double ResidualStandardError => Math.Sqrt(_fit.ResidualSumOfSquares / _fit.DegreesOfFreedom);

    /// <summary>Rows held out to score the model (0 when none).</summary>
    public int HoldOutRows { get; }

    /// <summary>1 − SSE/SST on the held-out rows of a fit to the others (NaN without a hold-out).</summary>
    public double HoldOutRSquared { get; }

    /// <summary>Root mean squared error on the held-out rows (NaN without a hold-out).</summary>
    public double HoldOutRmse { get; }

    /// <summary>Lowest observed score: predictions are clamped to [<see cref="MinScore"/>, <see cref="MaxScore"/>].</summary>
    public double MinScore { get; }

    /// <summary>Highest observed score.</summary>
    public double MaxScore { get; }

    /// <inheritdoc />
    public double Predict(Channel channel, string queue, double waitSeconds, double handleSeconds, bool resolved) =>
        Math.Clamp(_fit.Predict(_design.Row(channel, queue, waitSeconds, handleSeconds, resolved)), MinScore, MaxScore);

    /// <summary>Fits the model to the surveyed rows of <paramref name="interactions"/>.</summary>
    /// <param name="interactions">The log; rows without a score are ignored.</param>
    /// <param name="holdOutShare">Share of surveyed rows held out to score the fit (0 – 0.9).</param>
    /// <param name="seed">Seed of the split.</param>
    /// <exception cref="ArgumentException">too few surveyed rows for the terms.</exception>
    public static SatisfactionModel Fit(IEnumerable<Interaction> interactions, double holdOutShare = 0.2, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (holdOutShare is < 0 or > 0.9) throw new ArgumentOutOfRangeException(nameof(holdOutShare), holdOutShare, "holdOutShare must be in [0, 0.9].");
        var rows = interactions.Where(c => c.Satisfaction is { } s && double.IsFinite(s)).ToList();
        if (rows.Count < 10) throw new ArgumentException($"A satisfaction model needs at least 10 surveyed rows, got {rows.Count}.", nameof(interactions));

        var order = Shuffle(rows.Count, seed);
        var holdOut = (int)(holdOutShare * rows.Count);
        double holdR2 = double.NaN, holdRmse = double.NaN;
        if (holdOut > 0)
        {
            var test = order.Take(holdOut).Select(i => rows[i]).ToList();
            var train = order.Skip(holdOut).Select(i => rows[i]).ToList();
            var design = new SatisfactionDesign(train);
            var fit = LeastSquares.Fit(train.Select(design.Row).ToList(), train.Select(r => r.Satisfaction!.Value).ToList());
            (holdR2, holdRmse) = Score(test, r => fit.Predict(design.Row(r)));
        }
        var full = new SatisfactionDesign(rows);
        var fitAll = LeastSquares.Fit(rows.Select(full.Row).ToList(), rows.Select(r => r.Satisfaction!.Value).ToList());
        var (r2, _) = Score(rows, r => fitAll.Predict(full.Row(r)));
        var scores = rows.Select(r => r.Satisfaction!.Value).ToList();
        return new SatisfactionModel(full, fitAll, rows.Count, r2, scores.Min(), scores.Max(), holdOut, holdR2, holdRmse);
    }

    /// <summary>R² (about the rows' own mean) and RMSE of unclamped predictions.</summary>
    private static (double RSquared, double Rmse) Score(IReadOnlyList<Interaction> rows, Func<Interaction, double> predict)
    {
        var mean = rows.Average(r => r.Satisfaction!.Value);
        double sse = 0, sst = 0;
        foreach (var r in rows)
        {
            var y = r.Satisfaction!.Value;
            var error = y - predict(r);
            sse += error * error;
            sst += (y - mean) * (y - mean);
        }
        return (sst > 0 ? 1 - sse / sst : double.NaN, Math.Sqrt(sse / rows.Count));
    }

    /// <summary>A seeded Fisher–Yates permutation of 0 … n − 1.</summary>
    private static int[] Shuffle(int n, ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
