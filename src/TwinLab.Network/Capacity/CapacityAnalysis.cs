namespace TwinLab.Network.Capacity;

/// <summary>Capacity planning on the link network: utilisation and M/M/1 latency of every link for a traffic matrix,
/// what-ifs (failures, upgrades, weight changes) on a copy, N-1 (every single link and node failure), and the cheapest
/// upgrades keeping every link under a utilisation target.</summary>
/// <remarks>Demands follow shortest paths by link weight (ties broken by the order links are declared in, or split
/// equally with <see cref="CapacityOptions.Ecmp"/>). Everything is deterministic; the inputs are never modified.</remarks>
public static class CapacityAnalysis
{
    /// <summary>Routes the traffic and measures every link.</summary>
    /// <param name="network">The network.</param>
    /// <param name="traffic">The traffic.</param>
    /// <param name="options">Target and routing; defaults when null.</param>
    /// <param name="scenario">A what-if applied to a copy first, or null.</param>
    /// <returns>Per-link utilisation and latency, per-demand paths.</returns>
    public static CapacityResult Evaluate(CapacityNetwork network, TrafficMatrix traffic, CapacityOptions? options = null, CapacityScenario? scenario = null)
    {
        options = Check(options);
        return Route(network, traffic, options, scenario).Result(options.Target);
    }

    /// <summary>Every single link and node failure: what each cuts off, which links it pushes over the target, and each link's worst case.</summary>
    /// <param name="network">The network.</param>
    /// <param name="traffic">The traffic.</param>
    /// <param name="options">Target and routing; defaults when null.</param>
    /// <param name="scenario">A what-if applied to a copy first, or null.</param>
    /// <returns>The N-1 findings.</returns>
    public static NMinusOneResult NMinusOne(CapacityNetwork network, TrafficMatrix traffic, CapacityOptions? options = null, CapacityScenario? scenario = null)
    {
        options = Check(options);
        return new SingleFailures(Route(network, traffic, options, scenario)).RunAll(options.Target);
    }

    /// <summary>The cheapest upgrades keeping every link under the target, in the base case or also under every single failure.</summary>
    /// <param name="network">The network.</param>
    /// <param name="traffic">The traffic.</param>
    /// <param name="options">Target and routing; defaults when null.</param>
    /// <param name="nMinusOne">Also cover every single link and node failure.</param>
    /// <returns>The plan (exactly optimal; see <c>UpgradePlanner</c>).</returns>
    public static UpgradePlan CheapestUpgrades(CapacityNetwork network, TrafficMatrix traffic, CapacityOptions? options = null, bool nMinusOne = false) =>
        Analyse(network, traffic, options, null, nMinusOne).Upgrades;

    /// <summary>Base evaluation, optional what-if, optional N-1 and the cheapest upgrades, routing each state once.</summary>
    /// <param name="network">The network.</param>
    /// <param name="traffic">The traffic.</param>
    /// <param name="options">Target and routing; defaults when null.</param>
    /// <param name="scenario">A what-if applied to a copy, or null.</param>
    /// <param name="nMinusOne">Run every single failure (on the what-if's copy when there is one).</param>
    /// <returns>The report.</returns>
    public static CapacityReport Analyse(CapacityNetwork network, TrafficMatrix traffic, CapacityOptions? options = null,
        CapacityScenario? scenario = null, bool nMinusOne = false)
    {
        options = Check(options);
        var baseRouting = Route(network, traffic, options, null);
        var whatIf = scenario is { IsEmpty: false } ? Route(network, traffic, options, scenario) : null;
        var evaluated = whatIf ?? baseRouting;
        var failures = new SingleFailures(evaluated);
        var n1 = nMinusOne ? failures.RunAll(options.Target) : null;
        var worstFailure = new string?[evaluated.Graph.LinkCount];
        if (n1 is not null)
        {
            var byName = n1.WorstCase.ToDictionary(w => w.Link, w => w.Failure, StringComparer.Ordinal);
            for (var l = 0; l < worstFailure.Length; l++) worstFailure[l] = byName[evaluated.Graph.Network.Links[l].Name];
        }
        var plan = UpgradePlanner.Plan(evaluated.Graph.Network, failures.Required, worstFailure, options.Target, nMinusOne);
        return new CapacityReport
        {
            Base = baseRouting.Result(options.Target),
            WhatIf = whatIf?.Result(options.Target),
            Scenario = whatIf is null ? null : scenario,
            NMinusOne = n1,
            Upgrades = plan,
        };
    }

    private static TrafficRouting Route(CapacityNetwork network, TrafficMatrix traffic, CapacityOptions options, CapacityScenario? scenario)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(traffic);
        if (scenario is null || scenario.IsEmpty) return new TrafficRouting(network, traffic, options);
        return new TrafficRouting(network.With(scenario), traffic, options, scenario.FailedHosts.ToHashSet(StringComparer.Ordinal));
    }

    private static CapacityOptions Check(CapacityOptions? options)
    {
        options ??= new CapacityOptions();
        if (!(options.Target > 0 && options.Target <= 1)) throw new CapacityScenarioException($"the utilisation target must be in (0, 1]; got {options.Target}");
        return options;
    }
}
