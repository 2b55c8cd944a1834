namespace TwinLab.Core.Audit;

/// <summary>
/// Durable storage of the audit log: an append-only, hash-chained list of <see cref="AuditRecord"/>s. There is no update or
/// delete: a record, once appended, can only be read, or have a value erased (<see cref="Redact"/>).
/// </summary>
/// <remarks>
/// <see cref="Append"/> must chain atomically with respect to every other writer of the same log, other processes
/// included (the CLI and a server on one database file): it reads the last record's hash and inserts after it in one
/// transaction that holds the write lock, so the chain never forks. Implementations: SQLite (in the database's
/// <c>audit</c> table) and PostgreSQL.
/// </remarks>
public interface IAuditStore : IDisposable
{
    /// <summary>Appends the entries, in order, after the last record: one transaction for the batch.</summary>
    /// <returns>The records as stored, with their sequence numbers and hashes.</returns>
    IReadOnlyList<AuditRecord> Append(IReadOnlyList<AuditEntry> entries);

    /// <summary>Records matching <paramref name="filter"/>, newest first.</summary>
    IReadOnlyList<AuditRecord> Query(AuditFilter filter);

    /// <summary>
    /// Erases <paramref name="text"/> from the log (the right to erasure: a purged twin's id): every field containing it is
    /// replaced by <see cref="AuditChain.Redacted"/>, which keeps the field's hash, so the chain still verifies and the
    /// erasure is visible. The one change the log allows. The time, auth kind and action are never erased.
    /// </summary>
    /// <returns>The number of fields erased.</returns>
    int Redact(string text);

    /// <summary>Up to <paramref name="max"/> records after sequence number <paramref name="afterSequence"/>, oldest first,
    /// exactly as stored (for verifying the chain, in pages).</summary>
    IReadOnlyList<AuditRecord> ReadChain(long afterSequence, int max);
}
