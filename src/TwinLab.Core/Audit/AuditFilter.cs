namespace TwinLab.Core.Audit;

/// <summary>Which audit records to read: newest first, all conditions must hold.</summary>
/// <param name="Since">Only records at or after this time.</param>
/// <param name="Until">Only records before this time.</param>
/// <param name="Actor">Only this actor (exact).</param>
/// <param name="Action">Only this action (one of <see cref="AuditActions"/>).</param>
/// <param name="Resource">Only resources starting with this text (<c>twin:room-1</c>, <c>twin:</c>, <c>experiment:</c>).</param>
/// <param name="BeforeSequence">Only records before this sequence number (the next page of a newest-first listing).</param>
/// <param name="Limit">At most this many records.</param>
public sealed record AuditFilter(
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    string? Actor = null,
    string? Action = null,
    string? Resource = null,
    long? BeforeSequence = null,
    int Limit = 100);
