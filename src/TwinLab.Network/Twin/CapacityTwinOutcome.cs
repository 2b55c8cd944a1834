namespace TwinLab.Network.Twin;

/// <summary>What <see cref="CapacityTwinStore.Record"/> wrote.</summary>
/// <param name="Branch">The branch written.</param>
/// <param name="BranchCreated">True when the branch was forked from main for this write.</param>
/// <param name="Nodes">Node twins written.</param>
/// <param name="Links">Link twins written.</param>
/// <param name="Removed">Twins of an earlier link network removed because the network written no longer has them.</param>
/// <param name="WhatIf">The what-ifs now recorded on the branch, in words; empty for the network as given.</param>
/// <param name="FirstSequence">First sequence number of the write.</param>
/// <param name="LastSequence">Last sequence number of the write.</param>
/// <param name="Duplicate">The idempotency key had been used: nothing was written.</param>
public sealed record CapacityTwinOutcome(string Branch, bool BranchCreated, int Nodes, int Links, int Removed, string WhatIf,
    long FirstSequence, long LastSequence, bool Duplicate);
