using TwinLab.Network.Capacity;

namespace TwinLab.Network.Twin;

/// <summary>A link network read back from the twins of a branch (<see cref="CapacityTwinStore.Load"/>).</summary>
/// <param name="Network">The nodes and links with their stored capacities and weights (upgrades and weight changes
/// recorded on the branch included); failed elements are still in it.</param>
/// <param name="Failures">The links, nodes and hosts recorded as failed: apply them as a what-if to evaluate the branch's state.</param>
/// <param name="TrafficPath">The traffic matrix last evaluated, if stored.</param>
/// <param name="WhatIf">The what-ifs recorded on the branch, in words; null on the network as imported.</param>
/// <param name="Target">The utilisation target last used, if stored.</param>
/// <param name="Ecmp">Whether the last evaluation split demands over equal-cost paths.</param>
public sealed record StoredLinkNetwork(CapacityNetwork Network, CapacityScenario Failures, string? TrafficPath, string? WhatIf, double? Target, bool Ecmp);
