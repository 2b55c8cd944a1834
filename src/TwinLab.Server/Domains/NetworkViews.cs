using TwinLab.Network.Analysis;
using TwinLab.Network.Defence;

namespace TwinLab.Server.Domains;

/// <summary>A network stored on a branch (<c>GET /domains/network</c>).</summary>
/// <param name="Id">The Network twin's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="ScanFile">The scan it was imported from.</param>
/// <param name="TopologyFile">The topology it was imported with, or null.</param>
/// <param name="Analysable">Whether its attack graph can be built (it needs a topology).</param>
/// <param name="Reason">Why not, when it cannot.</param>
public sealed record NetworkSummaryView(string Id, string Name, string? ScanFile, string? TopologyFile, bool Analysable, string? Reason);

/// <summary>One network's attack graph, likeliest paths, risk and the changes a what-if may try
/// (<c>GET /domains/network/{id}</c>).</summary>
/// <param name="Id">The Network twin's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Branch">The branch it was read from.</param>
/// <param name="Hosts">Hosts in the topology (scan merged in).</param>
/// <param name="Zones">Zones.</param>
/// <param name="Vulnerabilities">Vulnerabilities found.</param>
/// <param name="KnownExploited">Of those, in CISA's KEV catalogue.</param>
/// <param name="AttackerStarts">Where the attacker starts (zones or hosts).</param>
/// <param name="CrownJewels">The crown-jewel hosts.</param>
/// <param name="Graph">The attack graph, condensed for drawing.</param>
/// <param name="Paths">Per crown jewel, its attack paths.</param>
/// <param name="Risk">Each asset's compromise probability (Monte Carlo, 95 % Wilson interval) and expected loss.</param>
/// <param name="Changes">The changes a what-if can try (patches, closed ports, firewall blocks, trust and credential
/// removals, isolation), each with its cost.</param>
/// <param name="Costs">Where the costs come from: a cost file's path, or <c>default</c>.</param>
/// <param name="Notes">What the analysis could not use as is.</param>
public sealed record NetworkAnalysisView(string Id, string Name, string Branch, int Hosts, int Zones, int Vulnerabilities, int KnownExploited,
    IReadOnlyList<string> AttackerStarts, IReadOnlyList<string> CrownJewels, AttackGraphView Graph, IReadOnlyList<TargetPathsView> Paths,
    RiskReport Risk, IReadOnlyList<ChangeView> Changes, string Costs, IReadOnlyList<string> Notes);

/// <summary>The attack graph for drawing: derived facts (privileges, open services, credentials, compromised assets),
/// the vulnerabilities and the attacker's starting points as nodes; each rule application as edges from its premises
/// to its conclusion.</summary>
/// <param name="Nodes">The nodes; ids are the facts as written (<c>execCode(web01, www-data)</c>), the same before and after a what-if.</param>
/// <param name="Edges">The edges.</param>
/// <param name="LogicalNodes">Nodes of the full MulVAL graph (LEAF, AND and OR), for scale.</param>
public sealed record AttackGraphView(IReadOnlyList<GraphNodeView> Nodes, IReadOnlyList<GraphEdgeView> Edges, int LogicalNodes);

/// <summary>A node of <see cref="AttackGraphView"/>.</summary>
/// <param name="Id">The fact as written.</param>
/// <param name="Label">A short label.</param>
/// <param name="Group"><c>entry</c>, <c>vulnerability</c>, <c>service</c>, <c>privilege</c>, <c>credential</c>,
/// <c>group</c> or <c>asset</c>.</param>
/// <param name="Host">The host (or zone, credential, group) it is about.</param>
/// <param name="Highlight"><c>crown</c> for a crown jewel's compromise, <c>entry</c> for an attacker start, else null.</param>
public sealed record GraphNodeView(string Id, string Label, string Group, string? Host, string? Highlight);

/// <summary>An edge of <see cref="AttackGraphView"/>: a premise used by a rule to derive a conclusion.</summary>
/// <param name="Source">The premise's node id.</param>
/// <param name="Target">The conclusion's node id.</param>
/// <param name="Rule">The rule, such as <c>remote-exploit</c>.</param>
/// <param name="Technique">Its MITRE ATT&amp;CK technique id, or null.</param>
/// <param name="Kind"><c>exploit</c> (an attacker action), <c>reachability</c> (network access) or <c>logic</c>.</param>
/// <param name="Probability">The rule application's own success chance.</param>
public sealed record GraphEdgeView(string Source, string Target, string Rule, string? Technique, string Kind, double Probability);

/// <summary>The attack paths to one host.</summary>
/// <param name="Host">The host.</param>
/// <param name="Reachable">Whether the attacker can compromise it.</param>
/// <param name="MostLikely">The path most likely to succeed, or null.</param>
/// <param name="Shortest">The path with the fewest attacker actions, or null.</param>
/// <param name="Paths">Minimal paths, fewest actions first.</param>
/// <param name="Truncated">Whether more minimal paths exist.</param>
public sealed record TargetPathsView(string Host, bool Reachable, PathItemView? MostLikely, PathItemView? Shortest,
    IReadOnlyList<PathItemView> Paths, bool Truncated);

/// <summary>One attack path.</summary>
/// <param name="Key">Its attacker actions' conclusions joined by <c> → </c>: the same path has the same key before and after a what-if.</param>
/// <param name="Probability">Chance that every step succeeds.</param>
/// <param name="ActionCount">Attacker actions.</param>
/// <param name="MeanHours">Sum of the steps' mean hours.</param>
/// <param name="Techniques">ATT&amp;CK technique ids in order.</param>
/// <param name="Steps">The attacker actions.</param>
/// <param name="Nodes">The graph nodes it passes (for highlighting).</param>
/// <param name="Edges">The graph edges it uses, as <c>source→target</c>.</param>
public sealed record PathItemView(string Key, double Probability, int ActionCount, double MeanHours, IReadOnlyList<string> Techniques,
    IReadOnlyList<PathStepView> Steps, IReadOnlyList<string> Nodes, IReadOnlyList<string> Edges);

/// <summary>A change to the network a what-if can apply; <see cref="Id"/> is the canonical text POSTed to the what-if.</summary>
/// <param name="Id">The canonical text, such as <c>patch:CVE-2021-42013@web01</c>.</param>
/// <param name="Kind"><c>patch</c>, <c>close-port</c>, <c>block-flow</c>, <c>remove-trust</c>, <c>remove-credential</c>,
/// <c>isolate-host</c> or <c>move-host</c>.</param>
/// <param name="Host">The host the work is done on, or null.</param>
/// <param name="Hours">Its cost in hours of work.</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="Urgent">The patch of a known-exploited vulnerability.</param>
/// <param name="Excluded">The cost file says the business cannot make this change (it is never recommended).</param>
public sealed record ChangeView(string Id, string Kind, string? Host, double Hours, string? Description, bool Urgent, bool Excluded);

/// <summary>A change as a what-if applied it.</summary>
/// <param name="Change">The change.</param>
/// <param name="FactsRemoved">Primitive facts of the attack graph it removed.</param>
/// <param name="FactsAdded">Narrower facts it added.</param>
public sealed record AppliedChangeView(ChangeView Change, int FactsRemoved, int FactsAdded);

/// <summary>One side of a what-if.</summary>
/// <param name="Risk">Compromise probabilities (Monte Carlo, same seed both sides) and expected losses.</param>
/// <param name="Paths">Per crown jewel, its attack paths.</param>
/// <param name="Exposure">Per asset, reachability and path counts from the attack graph.</param>
/// <param name="CompromisableHosts">Hosts the attacker can run code on.</param>
/// <param name="ReachableServices">Services the attacker can open.</param>
public sealed record WhatIfSideView(RiskReport Risk, IReadOnlyList<TargetPathsView> Paths, IReadOnlyList<AssetExposure> Exposure,
    int CompromisableHosts, int ReachableServices);

/// <summary>Which paths to a crown jewel a what-if removed and which it opened.</summary>
/// <param name="Host">The crown jewel.</param>
/// <param name="Removed">Keys of the paths listed before that need a fact the changes removed (so they are gone).</param>
/// <param name="Added">Keys of the paths listed after that need a fact the changes added (only measures that add facts,
/// such as moving a host, open new paths).</param>
public sealed record PathChangeView(string Host, IReadOnlyList<string> Removed, IReadOnlyList<string> Added);

/// <summary>A what-if's result (<c>POST /domains/network/{id}/whatif</c>), computed on a copy: the twin is not written.</summary>
/// <param name="Changes">The changes in the order applied.</param>
/// <param name="Hours">Their total cost.</param>
/// <param name="Before">The network as it is.</param>
/// <param name="After">The network with the changes.</param>
/// <param name="RiskReduction">Total expected loss before − after.</param>
/// <param name="CrownJewelRiskReduction">The crown jewels' expected loss before − after.</param>
/// <param name="Protected">Assets reachable before and not after.</param>
/// <param name="Exposed">Assets unreachable before and reachable after.</param>
/// <param name="PathChanges">Per crown jewel, the paths removed and added.</param>
/// <param name="RemovedNodes">Graph nodes (facts) the attacker can no longer reach.</param>
/// <param name="AddedNodes">Graph nodes reachable only after.</param>
public sealed record WhatIfView(IReadOnlyList<AppliedChangeView> Changes, double Hours, WhatIfSideView Before, WhatIfSideView After,
    double RiskReduction, double CrownJewelRiskReduction, IReadOnlyList<string> Protected, IReadOnlyList<string> Exposed,
    IReadOnlyList<PathChangeView> PathChanges, IReadOnlyList<string> RemovedNodes, IReadOnlyList<string> AddedNodes);

/// <summary>The recommended measures (<c>GET /domains/network/{id}/recommendations</c>).</summary>
/// <param name="Mode"><c>cut</c>: the cheapest set cutting every path to the crown jewels; <c>budget</c>: the best
/// changes within <see cref="Budget"/> hours.</param>
/// <param name="Status">How the set was found: <c>Optimal</c>, <c>Feasible</c>, <c>Greedy</c>, <c>NothingToCut</c>
/// (cut), <c>Budget</c> (budget).</param>
/// <param name="Hours">Total cost.</param>
/// <param name="LowerBound">No cut costs less (cut mode; the cost itself when optimal).</param>
/// <param name="Budget">The budget (budget mode).</param>
/// <param name="Measures">The measures, each with its risk reduction and evidence.</param>
/// <param name="Goals">The crown jewels cut off.</param>
/// <param name="Uncuttable">Crown jewels no candidate change protects.</param>
/// <param name="Candidates">Candidate changes considered.</param>
/// <param name="RiskBefore">Total expected loss now (Monte Carlo).</param>
/// <param name="RiskAfter">Total expected loss with every measure applied.</param>
/// <param name="Costs">Where the costs come from.</param>
public sealed record RecommendationsView(string Mode, string Status, double Hours, double LowerBound, double? Budget,
    IReadOnlyList<RecommendedMeasureView> Measures, IReadOnlyList<string> Goals, IReadOnlyList<string> Uncuttable, int Candidates,
    double RiskBefore, double RiskAfter, string Costs);

/// <summary>A recommended measure.</summary>
/// <param name="Change">The change (its id is what the what-if takes).</param>
/// <param name="RiskReduction">Expected loss removed by this change: alone (cut mode), or on top of the changes picked
/// before it (budget mode); by the attack graph's propagated probabilities (deterministic, as the budget planner ranks
/// changes), since a Monte Carlo difference this small would be mostly sampling noise.</param>
/// <param name="PathsRemoved">Attack paths (to the crown jewels, or to any asset in budget mode) it breaks.</param>
/// <param name="PathsTruncated">Whether it may break more.</param>
/// <param name="Evidence">The paths it breaks (at most 20).</param>
public sealed record RecommendedMeasureView(ChangeView Change, double RiskReduction, int PathsRemoved, bool PathsTruncated,
    IReadOnlyList<PathEvidenceView> Evidence);

/// <summary>A path a measure breaks.</summary>
/// <param name="Goal">The goal fact.</param>
/// <param name="Key">The path's key (see <see cref="PathItemView.Key"/>).</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Techniques">Its ATT&amp;CK techniques.</param>
public sealed record PathEvidenceView(string Goal, string Key, double Probability, IReadOnlyList<string> Techniques);
