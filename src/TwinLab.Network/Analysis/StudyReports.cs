using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Analysis;

/// <summary>A summary of the reachability matrix.</summary>
/// <param name="Hosts">Number of hosts.</param>
/// <param name="Zones">Number of zones.</param>
/// <param name="Services">Number of services.</param>
/// <param name="SourceClasses">Distinct source rows (equivalence classes of hosts and zones).</param>
/// <param name="ServiceClasses">Distinct service columns.</param>
/// <param name="AllowedPairs">Allowed (source, service) pairs, zones as sources included, own services excluded.</param>
/// <param name="PathEvaluations">Packet-path evaluations the matrix needed.</param>
/// <param name="AttackerExposure">The services each attacker start can open directly.</param>
public sealed record ReachMatrixSummary(int Hosts, int Zones, int Services, int SourceClasses, int ServiceClasses, long AllowedPairs,
    int PathEvaluations, IReadOnlyList<ExposedService> AttackerExposure);

/// <summary>A service an attacker start can open.</summary>
/// <param name="From">The attacker start (zone or host).</param>
/// <param name="Host">The host.</param>
/// <param name="Protocol">tcp or udp.</param>
/// <param name="Port">The port.</param>
/// <param name="Service">The service name.</param>
public sealed record ExposedService(string From, string Host, string Protocol, int Port, string Service);

/// <summary>One step of an attack path.</summary>
/// <param name="Rule">The rule (kebab case, such as <c>remote-exploit</c>).</param>
/// <param name="Technique">The MITRE ATT&amp;CK technique id, or null.</param>
/// <param name="Conclusion">The fact it derives, such as <c>execCode(web01, www-data)</c>.</param>
/// <param name="Premises">Its inputs, MulVAL style.</param>
/// <param name="IsAction">Whether it is an attacker action (exploit, dump, login).</param>
/// <param name="Probability">Its own success chance.</param>
/// <param name="MeanHours">Its mean duration.</param>
public sealed record PathStepView(string Rule, string? Technique, string Conclusion, IReadOnlyList<string> Premises, bool IsAction,
    double Probability, double MeanHours);

/// <summary>An attack path as plain data.</summary>
/// <param name="Goal">The goal fact.</param>
/// <param name="Steps">Every step in executable order (logical consequences included).</param>
/// <param name="ActionCount">Number of attacker actions.</param>
/// <param name="Probability">Chance that every step succeeds.</param>
/// <param name="MeanHours">Sum of the steps' mean hours.</param>
/// <param name="Techniques">ATT&amp;CK technique ids in order.</param>
public sealed record PathView(string Goal, IReadOnlyList<PathStepView> Steps, int ActionCount, double Probability, double MeanHours,
    IReadOnlyList<string> Techniques)
{
    /// <summary>The attacker actions only.</summary>
    public IReadOnlyList<PathStepView> Actions => [.. Steps.Where(s => s.IsAction)];

    /// <summary>The plain view of an <see cref="AttackPath"/>.</summary>
    /// <param name="path">The path.</param>
    public static PathView From(AttackPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new PathView(path.Goal.ToString(),
            [.. path.Steps.Select(s => new PathStepView(AttackRules.Name(s.Rule), s.Technique, s.Conclusion.ToString(), s.Premises, s.IsAction, s.Probability, s.MeanHours))],
            path.ActionCount, path.Probability, path.MeanHours, path.Techniques);
    }
}

/// <summary>The attack paths to one host.</summary>
/// <param name="Host">The goal host.</param>
/// <param name="Goal">The goal fact, <c>assetCompromised(host)</c> for an asset, else code execution as root.</param>
/// <param name="Reachable">Whether the attacker can reach the goal.</param>
/// <param name="Shortest">The path with the fewest actions, or null.</param>
/// <param name="MostLikely">The path most likely to succeed, or null.</param>
/// <param name="Minimal">Minimal paths, fewest actions first.</param>
/// <param name="Truncated">Whether the enumeration stopped at its limit.</param>
public sealed record AttackPathsReport(string Host, string Goal, bool Reachable, PathView? Shortest, PathView? MostLikely,
    IReadOnlyList<PathView> Minimal, bool Truncated);

/// <summary>The risk of one asset.</summary>
/// <param name="Host">The asset host.</param>
/// <param name="Value">Its value.</param>
/// <param name="CrownJewel">Whether it is a crown jewel.</param>
/// <param name="CompromiseProbability">P(compromise), Monte Carlo estimate without a time limit.</param>
/// <param name="ProbabilityLow">Lower end of its 95 % Wilson interval.</param>
/// <param name="ProbabilityHigh">Upper end of its 95 % Wilson interval.</param>
/// <param name="GraphEstimate">The attack graph's propagated estimate (no sampling; biased where derivations share steps).</param>
/// <param name="ExpectedLoss">Value × <paramref name="CompromiseProbability"/>.</param>
/// <param name="ShortestActions">Actions on the shortest path, or null when unreachable.</param>
/// <param name="BestPathProbability">Success chance of the most likely path, 0 when unreachable.</param>
public sealed record AssetRisk(string Host, double Value, bool CrownJewel, double CompromiseProbability, double ProbabilityLow,
    double ProbabilityHigh, double GraphEstimate, double ExpectedLoss, int? ShortestActions, double BestPathProbability);

/// <summary>The risk of every asset, crown jewels first, then by expected loss.</summary>
/// <param name="Replications">Replications of the Monte Carlo estimate.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Assets">Per asset.</param>
/// <param name="CrownJewelExpectedLoss">Sum of the crown jewels' expected losses.</param>
/// <param name="TotalExpectedLoss">Sum over all assets.</param>
public sealed record RiskReport(int Replications, ulong Seed, IReadOnlyList<AssetRisk> Assets, double CrownJewelExpectedLoss, double TotalExpectedLoss);

/// <summary>A frequent attack path of the simulation.</summary>
/// <param name="Steps">The actions in the order they succeeded.</param>
/// <param name="Techniques">Their ATT&amp;CK ids.</param>
/// <param name="Count">Replications that followed it.</param>
/// <param name="Share">Share of the compromising replications.</param>
public sealed record SimulatedPath(IReadOnlyList<string> Steps, IReadOnlyList<string> Techniques, int Count, double Share);

/// <summary>One asset's simulated compromise; times are null (not NaN) when it was never compromised.</summary>
/// <param name="Host">The asset host.</param>
/// <param name="Value">Its value.</param>
/// <param name="CrownJewel">Whether it is a crown jewel.</param>
/// <param name="Compromised">Replications that compromised it within the horizon.</param>
/// <param name="Probability">Compromised over replications.</param>
/// <param name="ProbabilityLow">Lower end of the 95 % Wilson interval.</param>
/// <param name="ProbabilityHigh">Upper end of the 95 % Wilson interval.</param>
/// <param name="MedianHours">Median time to compromise among compromising replications.</param>
/// <param name="P90Hours">90th percentile of that time.</param>
/// <param name="MeanHours">Mean of that time.</param>
/// <param name="TopPaths">The most frequent attack paths.</param>
public sealed record AssetSimulation(string Host, double Value, bool CrownJewel, int Compromised, double Probability,
    double ProbabilityLow, double ProbabilityHigh, double? MedianHours, double? P90Hours, double? MeanHours, IReadOnlyList<SimulatedPath> TopPaths);

/// <summary>A Monte Carlo attacker simulation summarised as plain data.</summary>
/// <param name="Replications">Number of replications.</param>
/// <param name="Seed">The seed.</param>
/// <param name="HorizonHours">The horizon.</param>
/// <param name="Assets">Per asset, crown jewels first.</param>
public sealed record SimulationSummary(int Replications, ulong Seed, double HorizonHours, IReadOnlyList<AssetSimulation> Assets);
