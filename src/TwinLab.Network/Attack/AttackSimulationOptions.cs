namespace TwinLab.Network.Attack;

/// <summary>How long one attack step takes, given its mean hours.</summary>
public enum StepTimeModel
{
    /// <summary>Exponential with the step's mean: memoryless, the usual choice of stochastic attack models
    /// (for example the attack-time model of Jonsson and Olovsson, IEEE TSE 23(4), 1997).</summary>
    Exponential,
    /// <summary>Lognormal with the step's mean and log-scale spread <see cref="AttackSimulationOptions.LogNormalSigma"/>
    /// (μ = ln mean − σ²/2): most attempts quick, a long tail of slow ones.</summary>
    LogNormal,
}

/// <summary>How the simulated attacker picks its next action among those available.</summary>
public enum AttackerPolicy
{
    /// <summary>At random, each action weighted by its success probability.</summary>
    WeightedByProbability,
    /// <summary>The most likely action (lowest node id among ties), except with chance
    /// <see cref="AttackSimulationOptions.GreedyNoise"/> a uniformly random one.</summary>
    GreedyMostLikely,
    /// <summary>Uniformly at random.</summary>
    Uniform,
}

/// <summary>Settings of a Monte Carlo attacker simulation.</summary>
public sealed record AttackSimulationOptions
{
    /// <summary>Number of independent replications.</summary>
    public int Replications { get; init; } = 1000;

    /// <summary>The experiment seed; replication r draws from <c>RandomStream.For(Seed, 0, r)</c>.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Hours after which the attacker stops (an attempt that would end after it does not count).</summary>
    public double HorizonHours { get; init; } = 24 * 30;

    /// <summary>The step-duration distribution.</summary>
    public StepTimeModel TimeModel { get; init; } = StepTimeModel.Exponential;

    /// <summary>σ of the lognormal step durations.</summary>
    public double LogNormalSigma { get; init; } = 1.0;

    /// <summary>The attacker's choice policy.</summary>
    public AttackerPolicy Policy { get; init; } = AttackerPolicy.WeightedByProbability;

    /// <summary>Chance of a random choice under <see cref="AttackerPolicy.GreedyMostLikely"/>.</summary>
    public double GreedyNoise { get; init; } = 0.1;

    /// <summary>Maximum threads; 0 uses every processor. Results do not depend on it.</summary>
    public int MaxThreads { get; init; }

    /// <summary>How many of the most frequent attack paths to keep per asset.</summary>
    public int TopPaths { get; init; } = 5;
}
