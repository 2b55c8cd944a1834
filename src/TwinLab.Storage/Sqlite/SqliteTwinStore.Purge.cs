using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Erasure;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Storage.Sqlite;

public sealed partial class SqliteTwinStore
{
    /// <inheritdoc />
    /// <remarks>
    /// <para>One transaction under <c>PRAGMA secure_delete=ON</c> (SQLite zeroes the bytes of deleted and rewritten rows
    /// instead of leaving them in free space). Then the space is overwritten for good: the WAL, which still holds the old
    /// pages, is checkpointed and truncated to zero bytes, <c>VACUUM</c> rebuilds the file from the live rows only, and the
    /// WAL is truncated again. A copy of the file or a <c>VACUUM INTO</c> backup made afterwards holds no trace of the
    /// twins. Backups made before the purge still do; encryption at rest (crypto-shredding) is what covers those.</para>
    /// <para><c>VACUUM</c> rewrites the whole file: a purge takes about as long as copying the database, and needs that
    /// much free disk space for the while.</para>
    /// </remarks>
    public PurgeReport Purge(PurgeScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CatchUpTwinIndexLocked();
            Execute(_connection, "PRAGMA secure_delete=ON;");
            try
            {
                PurgeReport report;
                using (var tx = _connection.BeginTransaction())
                {
                    report = PurgeRows(scope, tx);
                    tx.Commit();
                }
                // Crypto-shredding: whatever of theirs a backup taken before the purge holds was encrypted under these keys.
                _twinKeys?.Forget(scope.TwinIds);
                return report with { Compacted = CompactLocked() };
            }
            finally
            {
                Execute(_connection, "PRAGMA secure_delete=OFF;");
            }
        }
    }

    private PurgeReport PurgeRows(PurgeScope scope, SqliteTransaction tx)
    {
        // The ids go in as a JSON array (json_each), not a temporary table, which SQLite may spill to a temporary file.
        var ids = JsonSerializer.Serialize(scope.TwinIds);
        int points;
        using (var cmd = Command("DELETE FROM telemetry WHERE twin_id IN (SELECT value FROM json_each($ids));", tx))
        {
            cmd.Parameters.AddWithValue("$ids", ids);
            points = cmd.ExecuteNonQuery();
        }
        var keys = ForgetKeys(scope, tx);
        var (erased, trimmed) = RewriteEvents(scope, ids, tx);
        var snapshots = RewriteSnapshots(scope, tx);
        var documents = new List<(string Kind, string Id)>();
        using (var cmd = Command("SELECT kind, id, json FROM documents;", tx))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (scope.NamesDocument(r.GetString(1), OpenDocumentField(r.GetString(0), r.GetString(1), "json", r.GetValue(2)))) documents.Add((r.GetString(0), r.GetString(1)));
        foreach (var (kind, id) in documents)
        {
            using var cmd = Command("DELETE FROM documents WHERE kind = $k AND id = $i;", tx);
            cmd.Parameters.AddWithValue("$k", kind);
            cmd.Parameters.AddWithValue("$i", id);
            cmd.ExecuteNonQuery();
        }
        // The audit log's copies of the ids (a request's resource and path), in the same transaction and so before the
        // compaction: the records stay and the chain still verifies (SqliteAuditStore.Redact).
        foreach (var form in scope.IdForms) SqliteAuditStore.RedactIn(_connection, tx, form);
        return new PurgeReport(erased, trimmed, points, snapshots, keys, [.. documents.Select(d => $"{d.Kind}/{d.Id}")], Compacted: false);
    }

    /// <summary>Deletes the idempotency keys that name a twin, and clears them from the events that carried them.</summary>
    private int ForgetKeys(PurgeScope scope, SqliteTransaction tx)
    {
        var keys = new List<string>();
        using (var cmd = Command("SELECT idem_key FROM writes;", tx))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (scope.Names(r.GetString(0))) keys.Add(r.GetString(0));
        foreach (var key in keys)
        {
            using var cmd = Command("DELETE FROM writes WHERE idem_key = $k; UPDATE events SET idem_key = NULL WHERE idem_key = $k;", tx);
            cmd.Parameters.AddWithValue("$k", key);
            cmd.ExecuteNonQuery();
        }
        return keys.Count;
    }

    /// <summary>Turns the events that touch the twins into tombstones, or trims the telemetry events shared with other twins.</summary>
    private (int Erased, int Trimmed) RewriteEvents(PurgeScope scope, string ids, SqliteTransaction tx)
    {
        var events = new List<(long Seq, string Type, List<string> Twins)>();
        using (var cmd = Command("""
            SELECT seq, type, twin_id, other_twin, more_twins FROM events
            WHERE seq IN (SELECT seq FROM event_twins WHERE twin_id IN (SELECT value FROM json_each($ids))) ORDER BY seq;
            """, tx))
        {
            cmd.Parameters.AddWithValue("$ids", ids);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var twins = new List<string>();
                if (!r.IsDBNull(2)) twins.Add(r.GetString(2));
                if (!r.IsDBNull(3)) twins.Add(r.GetString(3));
                if (!r.IsDBNull(4)) twins.AddRange(JsonSerializer.Deserialize<string[]>(r.GetString(4)) ?? []);
                events.Add((r.GetInt64(0), r.GetString(1), twins));
            }
        }
        int erased = 0, trimmed = 0;
        foreach (var (seq, type, twins) in events)
        {
            var verdict = scope.Judge(type, twins);
            if (verdict == EventVerdict.Keep) continue;
            var gone = verdict == EventVerdict.Erase ? twins : [.. twins.Where(scope.TwinIds.Contains)];
            foreach (var twin in gone)
            {
                using var del = Command("DELETE FROM event_twins WHERE twin_id = $t AND seq = $s;", tx);
                del.Parameters.AddWithValue("$t", twin);
                del.Parameters.AddWithValue("$s", seq);
                del.ExecuteNonQuery();
            }
            using var update = Command("""
                UPDATE events SET type = $type, twin_id = $t0, other_twin = $t1, more_twins = $more, payload = $payload,
                    idem_key = CASE WHEN $erase THEN NULL ELSE idem_key END
                WHERE seq = $s;
                """, tx);
            var keep = verdict == EventVerdict.Erase ? [] : scope.Remaining(twins);
            var payload = verdict == EventVerdict.Erase
                ? GraphChangeJson.Serialize(new ContentErased())
                : GraphChangeJson.TelemetryPayload(keep, CountPoints(seq, tx));
            update.Parameters.AddWithValue("$type", verdict == EventVerdict.Erase ? nameof(ContentErased) : type);
            update.Parameters.AddWithValue("$t0", keep.Count > 0 ? keep[0] : DBNull.Value);
            update.Parameters.AddWithValue("$t1", keep.Count > 1 ? keep[1] : DBNull.Value);
            update.Parameters.AddWithValue("$more", keep.Count > 2 ? JsonSerializer.Serialize(keep.Skip(2)) : DBNull.Value);
            update.Parameters.AddWithValue("$payload", payload);
            update.Parameters.AddWithValue("$erase", verdict == EventVerdict.Erase);
            update.Parameters.AddWithValue("$s", seq);
            update.ExecuteNonQuery();
            if (verdict == EventVerdict.Erase) erased++;
            else trimmed++;
        }
        return (erased, trimmed);
    }

    private int CountPoints(long seq, SqliteTransaction tx)
    {
        using var cmd = Command("SELECT COUNT(*) FROM telemetry WHERE seq = $s;", tx);
        cmd.Parameters.AddWithValue("$s", seq);
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Rewrites the stored snapshots that hold a twin (found by its id in the payload's bytes) without it.</summary>
    private int RewriteSnapshots(PurgeScope scope, SqliteTransaction tx)
    {
        var found = new List<(string Branch, StoredSnapshot Snapshot)>();
        using (var cmd = Command("", tx))
        {
            var match = string.Join(" OR ", scope.IdForms.Select((form, i) => $"instr(payload, $f{i}) > 0"));
            for (var i = 0; i < scope.IdForms.Count; i++) cmd.Parameters.AddWithValue($"$f{i}", scope.IdForms[i]);
            cmd.CommandText = $"SELECT branch, seq, version, payload FROM snapshots WHERE {match};";
            using var r = cmd.ExecuteReader();
            while (r.Read()) found.Add((r.GetString(0), ParseSnapshot(r.GetString(0), r.GetInt64(1), r.GetInt64(2), (byte[])r.GetValue(3))));
        }
        var rewritten = 0;
        foreach (var (branch, snapshot) in found)
        {
            var without = scope.Without(snapshot);
            if (without.Twins.Count == snapshot.Twins.Count && without.Relationships.Count == snapshot.Relationships.Count) continue;
            using var cmd = Command("UPDATE snapshots SET payload = $p WHERE branch = $b AND seq = $s;", tx);
            cmd.Parameters.AddWithValue("$p", SnapshotPayload(branch, snapshot.Sequence, without.Twins, without.Relationships));
            cmd.Parameters.AddWithValue("$b", branch);
            cmd.Parameters.AddWithValue("$s", snapshot.Sequence);
            cmd.ExecuteNonQuery();
            rewritten++;
        }
        return rewritten;
    }

    /// <summary>
    /// Overwrites the free space of the file and empties the WAL: checkpoint and truncate the WAL, <c>VACUUM</c>, and
    /// truncate the WAL again. Returns whether every step completed (a checkpoint blocked by another process's reader
    /// leaves old pages in the WAL until it completes).
    /// </summary>
    private bool CompactLocked()
    {
        if (!TruncateWal()) return false;
        try
        {
            Execute(_connection, "VACUUM;");
        }
        catch (SqliteException ex)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"The purge is committed, but '{_path}' could not be compacted ({ex.Message.TrimEnd('.')}): the erased rows are gone, but their old bytes may remain in the file's free space until a later purge or VACUUM succeeds.");
        }
        return TruncateWal();
    }

    /// <summary>Checkpoints and truncates the WAL; false when it stayed blocked. A checkpoint answers "busy" at once while
    /// another connection is checkpointing (this store's background checkpointer runs its passive pass without the lock,
    /// a server's audit log writes on a connection of its own) or a reader holds an older snapshot; those moments pass,
    /// so it is tried for up to a second before the purge reports that it could not compact.</summary>
    private bool TruncateWal()
    {
        for (var attempt = 0; ; attempt++)
        {
            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                using var r = cmd.ExecuteReader();
                if (r.Read() && r.GetInt64(0) == 0) return true;
            }
            if (attempt >= 50) return false;
            Thread.Sleep(20);
        }
    }
}
