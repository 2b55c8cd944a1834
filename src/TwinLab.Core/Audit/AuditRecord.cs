namespace TwinLab.Core.Audit;

/// <summary>
/// An entry as stored in the audit log: its <see cref="Sequence"/> number, its fields exactly as stored (the time as its
/// canonical text, see <see cref="AuditChain.FormatTime"/>), the hash of the record before it and its own hash.
/// </summary>
/// <remarks>A field may read <c>[redacted sha256:HEX]</c>: it was erased (right to erasure) and the chain keeps the
/// SHA-256 of what it held, so the chain still verifies (see <see cref="AuditChain"/>).</remarks>
public sealed record AuditRecord(
    long Sequence,
    string Time,
    string Actor,
    string AuthKind,
    string Address,
    string Action,
    string Resource,
    string Outcome,
    string Correlation,
    string Detail,
    string PreviousHash,
    string Hash)
{
    /// <summary>The fields the hash covers, in canonical order (after the sequence number, before the previous hash).</summary>
    public IReadOnlyList<string> Fields => [Time, Actor, AuthKind, Address, Action, Resource, Outcome, Correlation, Detail];
}
