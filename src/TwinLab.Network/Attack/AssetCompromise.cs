using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Network.Attack;

/// <summary>One asset's simulated compromise: how often, how fast and along which paths.</summary>
/// <param name="Host">The asset host.</param>
/// <param name="Value">Its value.</param>
/// <param name="CrownJewel">Whether it is a crown jewel.</param>
/// <param name="Replications">Number of replications.</param>
/// <param name="CompromiseHours">The times to compromise (hours) of the replications that compromised it, sorted.</param>
/// <param name="TopPaths">The most frequent attack paths that compromised it, most frequent first.</param>
public sealed record AssetCompromise(string Host, double Value, bool CrownJewel, int Replications,
    IReadOnlyList<double> CompromiseHours, IReadOnlyList<PathFrequency> TopPaths)
{
    /// <summary>Number of replications in which the asset was compromised within the horizon.</summary>
    public int Compromised => CompromiseHours.Count;

    /// <summary>Estimated P(compromised within the horizon).</summary>
    public double Probability => Replications == 0 ? 0 : (double)Compromised / Replications;

    /// <summary>Estimated P(compromised by <paramref name="hours"/>).</summary>
    public double ProbabilityBy(double hours)
    {
        var count = 0;
        foreach (var t in CompromiseHours)
            if (t <= hours) count++; else break;
        return Replications == 0 ? 0 : (double)count / Replications;
    }

    /// <summary>The Wilson score interval of <see cref="Probability"/> (Wilson, JASA 22, 1927), which stays inside
    /// [0, 1] and behaves near 0 and 1, unlike the normal approximation.</summary>
    public (double Low, double High) ConfidenceInterval(double confidence = 0.95)
    {
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be in (0, 1)");
        if (Replications == 0) return (0, 1);
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        double n = Replications, p = Probability, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>The p-quantile of the time to compromise among replications that compromised the asset (hours),
    /// NaN if none did.</summary>
    public double TimePercentile(double p) => Summaries.Percentile(CompromiseHours.ToArray(), p);

    /// <summary>Median time to compromise (hours) among replications that compromised the asset, NaN if none did.</summary>
    public double MedianHours => TimePercentile(0.5);

    /// <summary>Summary (mean, percentiles, CI of the mean) of the time to compromise, over compromising replications.</summary>
    public KpiSummary TimeToCompromise => Summaries.Summarize($"timeToCompromise({Host})", CompromiseHours.ToArray());
}

/// <summary>An attack path seen in the simulation and how often.</summary>
/// <param name="Steps">The attacker actions, in the order they succeeded (rule, technique, conclusion).</param>
/// <param name="Techniques">Their ATT&amp;CK technique ids, in order.</param>
/// <param name="Count">Replications that compromised the asset along exactly this path.</param>
/// <param name="Share">Count over the replications that compromised the asset.</param>
public sealed record PathFrequency(IReadOnlyList<string> Steps, IReadOnlyList<string> Techniques, int Count, double Share)
{
    /// <inheritdoc />
    public override string ToString() => $"{Count}× {string.Join(" → ", Steps)}";
}

/// <summary>The outcome of a Monte Carlo attacker simulation.</summary>
/// <param name="Replications">Number of replications.</param>
/// <param name="Seed">The experiment seed.</param>
/// <param name="HorizonHours">The horizon.</param>
/// <param name="Assets">Per asset, in the order of the fact set.</param>
public sealed record AttackSimulationResult(int Replications, ulong Seed, double HorizonHours, IReadOnlyList<AssetCompromise> Assets)
{
    /// <summary>The result of one asset.</summary>
    /// <exception cref="KeyNotFoundException">The host is not an asset.</exception>
    public AssetCompromise For(string host) =>
        Assets.FirstOrDefault(a => a.Host == host) ?? throw new KeyNotFoundException($"'{host}' is not an asset of the simulation");
}
