using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TwinLab.Core.Audit;

/// <summary>
/// The audit log's hash chain: how a record's hash is computed, and how a stored log is checked.
/// </summary>
/// <remarks>
/// <para>Canonical form of record <c>n</c> (ASCII, lines ending in <c>\n</c>, hex in lower case):</para>
/// <code>
/// twinlab-audit/1
/// SEQUENCE                       (decimal, no sign or leading zeros)
/// SHA256(time)                   one line per field, the hex SHA-256 of its UTF-8 text, in this order:
/// SHA256(actor)                  time, actor, authKind, address, action, resource, outcome, correlation, detail
/// …
/// SHA256(detail)
/// PREVIOUS_HASH                  (the hash of record n-1; 64 zeros for the first record)
/// </code>
/// <para>and <c>hash = hex(SHA-256(canonical form))</c>. The time field is <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> in UTC.
/// Hashing each field first makes the form unambiguous without any escaping, and lets a field be erased later (right to
/// erasure) without breaking the chain: an erased field is stored as <c>[redacted sha256:HEX]</c>, and HEX stands in for
/// its hash. A verifier in a few lines of Python is in docs/security.md.</para>
/// <para>Verification walks the records in sequence order and checks that sequence numbers run 1, 2, 3… without gaps, that
/// each record names its predecessor's hash, and that its hash matches its content. An edited field fails the hash; a
/// deleted record leaves a gap; swapped or inserted records break the numbering or the links. Deleting the newest records
/// leaves a shorter valid chain; only an anchor (a head hash written down elsewhere, see
/// <see cref="AuditVerification.HeadHash"/>) catches that.</para>
/// </remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string FormTag = "twinlab-audit/1";
    private const string RedactedPrefix = "[redacted sha256:";

    /// <summary>Records read per page while verifying.</summary>
    private const int Page = 5_000;

    /// <summary>The canonical text of an audit time: UTC, 100 ns digits, so text order is time order.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a canonical time back.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Makes the record for <paramref name="entry"/> at <paramref name="sequence"/>, chained after <paramref name="previousHash"/>.</summary>
    public static AuditRecord Link(long sequence, AuditEntry entry, string previousHash)
    {
        var r = new AuditRecord(sequence, FormatTime(entry.Time), entry.Actor, entry.AuthKind, entry.Address, entry.Action,
            entry.Resource, entry.Outcome, entry.Correlation, entry.Detail, previousHash, "");
        return r with { Hash = Hash(r) };
    }

    /// <summary>The hash <paramref name="record"/> should carry, from its sequence number, fields and previous hash.</summary>
    public static string Hash(AuditRecord record)
    {
        var form = new StringBuilder(FormTag.Length + 11 * 66);
        form.Append(FormTag).Append('\n').Append(record.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var field in record.Fields) form.Append(FieldHash(field)).Append('\n');
        form.Append(record.PreviousHash);
        return Hex(Encoding.ASCII.GetBytes(form.ToString()));
    }

    /// <summary>How an erased field is stored: its former hash in a marker (see the remarks).</summary>
    public static string Redacted(string value) => $"{RedactedPrefix}{Hex(Encoding.UTF8.GetBytes(value))}]";

    /// <summary>Whether a stored field was erased.</summary>
    public static bool IsRedacted(string field) => field.StartsWith(RedactedPrefix, StringComparison.Ordinal);

    private static string FieldHash(string field) =>
        IsRedacted(field) && field.Length == RedactedPrefix.Length + 65 && field[^1] == ']'
            ? field[RedactedPrefix.Length..^1]
            : Hex(Encoding.UTF8.GetBytes(field));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Checks the whole chain of <paramref name="store"/>, reading it in pages.</summary>
    /// <param name="store">The log.</param>
    /// <param name="anchor">Optionally a head written down earlier (sequence and hash): the record at that sequence must
    /// still carry that hash, which catches a rewritten or truncated log.</param>
    public static AuditVerification Verify(IAuditStore store, (long Sequence, string Hash)? anchor = null)
    {
        var expected = 1L;
        var previous = Genesis;
        var anchorSeen = false;
        while (true)
        {
            var page = store.ReadChain(expected - 1, Page);
            foreach (var r in page)
            {
                if (Check(r, expected, previous) is { } problem) return AuditVerification.Broken(expected - 1, previous, expected, problem);
                if (anchor is { } a && a.Sequence == r.Sequence)
                {
                    if (!string.Equals(a.Hash, r.Hash, StringComparison.OrdinalIgnoreCase))
                        return AuditVerification.Broken(expected - 1, previous, r.Sequence,
                            $"record {r.Sequence} has hash {r.Hash}, but the anchor says {a.Hash.ToLowerInvariant()}: the log was rewritten up to there");
                    anchorSeen = true;
                }
                previous = r.Hash;
                expected++;
            }
            if (page.Count < Page) break;
        }
        if (anchor is { } missing && !anchorSeen)
            return AuditVerification.Broken(expected - 1, previous, expected,
                $"the anchor names record {missing.Sequence}, but the log ends at {expected - 1}: records were deleted from its end");
        return new AuditVerification(true, expected - 1, previous, null, null);
    }

    private static string? Check(AuditRecord r, long expected, string previous)
    {
        if (r.Sequence != expected)
            return r.Sequence > expected
                ? $"record {expected} is missing (the next stored record is {r.Sequence}): records were deleted"
                : $"record {r.Sequence} appears again after record {expected - 1}: records were inserted or reordered";
        if (!string.Equals(r.PreviousHash, previous, StringComparison.Ordinal))
            return $"record {r.Sequence} names previous hash {r.PreviousHash}, but record {r.Sequence - 1} has {previous}: records were inserted, deleted or reordered";
        var hash = Hash(r);
        if (!string.Equals(r.Hash, hash, StringComparison.Ordinal))
            return $"record {r.Sequence} does not match its hash (stored {r.Hash}, its content hashes to {hash}): it was edited";
        return null;
    }
}

/// <summary>What verifying the audit chain found.</summary>
/// <param name="Intact">Whether every record checked out.</param>
/// <param name="Count">Records checked and found good (all of them when intact; those before the first bad one otherwise).</param>
/// <param name="HeadHash">The hash of the last good record (<see cref="AuditChain.Genesis"/> for an empty log): write it
/// down elsewhere, with <see cref="Count"/> as its sequence, to anchor the log.</param>
/// <param name="FirstBadSequence">The first sequence number that fails, when broken.</param>
/// <param name="Problem">What is wrong with it, when broken.</param>
public sealed record AuditVerification(bool Intact, long Count, string HeadHash, long? FirstBadSequence, string? Problem)
{
    internal static AuditVerification Broken(long good, string head, long bad, string problem) => new(false, good, head, bad, problem);
}
