namespace TwinLab.Simulation.Experiments.Optimisation;

/// <summary>How the optimiser searches.</summary>
public enum OptimisationMethod
{
    /// <summary>Nelder–Mead if any variable is continuous; otherwise exhaustive when the grid has at most
    /// <see cref="OptimisationOptions.ExhaustiveLimit"/> points (and fits the budget), greedy search when larger.</summary>
    Auto,
    /// <summary>Every point of the discrete grid.</summary>
    Exhaustive,
    /// <summary>Greedy coordinate search over the discrete grid from the start point.</summary>
    Greedy,
    /// <summary>Nelder–Mead simplex search on the variables scaled to [0, 1]; discrete variables are rounded to their nearest value.</summary>
    NelderMead,
}

/// <summary>Settings of an optimisation run.</summary>
public sealed record OptimisationOptions
{
    /// <summary>Search method.</summary>
    public OptimisationMethod Method { get; init; } = OptimisationMethod.Auto;

    /// <summary>Replications per candidate, all with common random numbers (stream index 0) so candidates compare fairly.</summary>
    public int Replications { get; init; } = 10;

    /// <summary>The most candidates simulated by the search (the confirmation runs come on top).</summary>
    public int Budget { get; init; } = 2000;

    /// <summary>Largest grid <see cref="OptimisationMethod.Auto"/> searches exhaustively.</summary>
    public int ExhaustiveLimit { get; init; } = 2000;

    /// <summary>Number of best candidates reported in <see cref="OptimisationResult.Top"/>.</summary>
    public int TopCount { get; init; } = 5;

    /// <summary>Number of best candidates re-run to confirm the ranking (0 to skip).</summary>
    public int ConfirmCount { get; init; } = 3;

    /// <summary>Replications of each confirmation run (0 to skip).</summary>
    public int ConfirmReplications { get; init; } = 50;

    /// <summary>Where greedy and Nelder–Mead search start; the problem's basis values when null (or for variables not listed).</summary>
    public IReadOnlyDictionary<string, ParameterValue>? Start { get; init; }

    /// <summary>Nelder–Mead: edge of the initial simplex, as a fraction of each variable's range.</summary>
    public double InitialStep { get; init; } = 0.25;

    /// <summary>Nelder–Mead: stop when every vertex is this close to the best (in scaled units, range = 1).</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Nelder–Mead: restarts from the best point with a fresh simplex, while a restart still improves it.</summary>
    public int Restarts { get; init; } = 2;

    /// <summary>Confidence level of the reported intervals.</summary>
    public double Confidence { get; init; } = 0.95;
}
