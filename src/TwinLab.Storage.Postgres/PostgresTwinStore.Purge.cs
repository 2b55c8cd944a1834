using System.Text;
using System.Text.Json;
using Npgsql;
using TwinLab.Core.Erasure;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Storage.Postgres;

public sealed partial class PostgresTwinStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One transaction that first locks the <c>head</c> row, so it waits for running appends (of any process) and holds
    /// new ones until it commits. The rows are deleted or rewritten, but PostgreSQL keeps the old row versions in the
    /// table files until <c>VACUUM</c> reuses their space, and even then does not overwrite them, nor their copies in
    /// the write-ahead log, archived WAL or base backups: <see cref="PurgeReport.Compacted"/> is false. What protects the
    /// bytes left behind is encryption at rest with crypto-shredding (docs/security.md), or <c>VACUUM FULL</c> of the
    /// schema's tables and rotating out the backups and WAL archives older than the purge.
    /// </remarks>
    public PurgeReport Purge(PurgeScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        lock (_appendGate)
        {
            ThrowIfDisposed();
            using var connection = _data.OpenConnection();
            using var tx = connection.BeginTransaction();
            using (var head = Command($"SELECT last_seq FROM {_s}.head WHERE id = 1 FOR UPDATE;", connection, tx)) head.ExecuteNonQuery();
            var ids = scope.TwinIds.ToArray();
            int points;
            using (var cmd = Command($"DELETE FROM {_s}.telemetry WHERE twin_id = ANY($1);", connection, tx, (object)ids)) points = cmd.ExecuteNonQuery();
            var keys = PurgeKeys(scope, connection, tx);
            var (erased, trimmed) = PurgeEvents(scope, ids, connection, tx);
            var snapshots = PurgeSnapshots(scope, connection, tx);
            var documents = new List<(string Kind, string Id)>();
            using (var cmd = Command($"SELECT kind, id, json FROM {_s}.documents;", connection, tx))
            using (var r = cmd.ExecuteReader())
                while (r.Read())
                    if (scope.NamesDocument(r.GetString(1), r.GetString(2))) documents.Add((r.GetString(0), r.GetString(1)));
            foreach (var (kind, id) in documents)
                using (var cmd = Command($"DELETE FROM {_s}.documents WHERE kind = $1 AND id = $2;", connection, tx, Text(kind), Text(id)))
                    cmd.ExecuteNonQuery();
            // The audit log's copies of the ids (a request's resource and path), in the same transaction: the records stay
            // and the chain still verifies (PostgresAuditStore.Redact), as the SQLite store does.
            PostgresAuditStore.RedactIn(connection, tx, _s, scope.IdForms);
            tx.Commit();
            return new PurgeReport(erased, trimmed, points, snapshots, keys, [.. documents.Select(d => $"{d.Kind}/{d.Id}")], Compacted: false);
        }
    }

    private int PurgeKeys(PurgeScope scope, NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var keys = new List<string>();
        using (var cmd = Command($"SELECT idem_key FROM {_s}.writes;", connection, tx))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (scope.Names(r.GetString(0))) keys.Add(r.GetString(0));
        if (keys.Count == 0) return 0;
        Run($"DELETE FROM {_s}.writes WHERE idem_key = ANY($1);", connection, tx, (object)keys.ToArray());
        Run($"UPDATE {_s}.events SET idem_key = NULL WHERE idem_key = ANY($1);", connection, tx, (object)keys.ToArray());
        return keys.Count;
    }

    private (int Erased, int Trimmed) PurgeEvents(PurgeScope scope, string[] ids, NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        // Each event with all the twins it touches (event_twins holds every one), in the order the event names them.
        var events = new List<(long Seq, string Type, string Payload, List<string> Twins)>();
        using (var cmd = Command($"""
            SELECT e.seq, e.type, e.payload, array_agg(x.twin_id ORDER BY x.twin_id = e.twin_id DESC) FROM {_s}.events e
            JOIN {_s}.event_twins x ON x.seq = e.seq
            WHERE e.seq IN (SELECT seq FROM {_s}.event_twins WHERE twin_id = ANY($1))
            GROUP BY e.seq, e.type, e.payload, e.twin_id ORDER BY e.seq;
            """, connection, tx, (object)ids))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                events.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), [.. r.GetFieldValue<string[]>(3)]));
        int erased = 0, trimmed = 0;
        foreach (var (seq, type, payload, indexed) in events)
        {
            // A telemetry event's payload lists its twins in order; the index has them as a set.
            var twins = type == nameof(TelemetryAppended) ? TwinsOf(payload) : indexed;
            var verdict = scope.Judge(type, twins);
            if (verdict == EventVerdict.Keep) continue;
            var gone = verdict == EventVerdict.Erase ? twins : [.. twins.Where(scope.TwinIds.Contains)];
            var keep = verdict == EventVerdict.Erase ? [] : scope.Remaining(twins);
            Run($"DELETE FROM {_s}.event_twins WHERE seq = $1 AND twin_id = ANY($2);", connection, tx, seq, gone.ToArray());
            var newPayload = verdict == EventVerdict.Erase
                ? GraphChangeJson.Serialize(new ContentErased())
                : GraphChangeJson.TelemetryPayload(keep, CountPoints(seq, connection, tx));
            if (verdict == EventVerdict.Erase)
                Run($"UPDATE {_s}.events SET type = $2, twin_id = NULL, idem_key = NULL, payload = $3 WHERE seq = $1;", connection, tx,
                    seq, Text(nameof(ContentErased)), Text(newPayload));
            else
                Run($"UPDATE {_s}.events SET twin_id = $2, payload = $3 WHERE seq = $1;", connection, tx, seq, Text(keep[0]), Text(newPayload));
            if (verdict == EventVerdict.Erase) erased++;
            else trimmed++;
        }
        return (erased, trimmed);
    }

    private static void Run(string sql, NpgsqlConnection connection, NpgsqlTransaction tx, params object?[] parameters)
    {
        using var cmd = Command(sql, connection, tx, parameters);
        cmd.ExecuteNonQuery();
    }

    private static List<string> TwinsOf(string telemetryPayload)
    {
        using var doc = JsonDocument.Parse(telemetryPayload);
        return [.. doc.RootElement.GetProperty("twins").EnumerateArray().Select(t => t.GetString()!)];
    }

    private int CountPoints(long seq, NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        using var cmd = Command($"SELECT count(*) FROM {_s}.telemetry WHERE seq = $1;", connection, tx, seq);
        return (int)(long)cmd.ExecuteScalar()!;
    }

    private int PurgeSnapshots(PurgeScope scope, NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var found = new List<(string Branch, StoredSnapshot Snapshot)>();
        var forms = scope.IdForms.Select(f => Encoding.UTF8.GetBytes(f)).ToArray();
        using (var cmd = new NpgsqlCommand { Connection = connection, Transaction = tx })
        {
            var match = string.Join(" OR ", forms.Select(f => $"position({Add(cmd, f)} in payload) > 0"));
            cmd.CommandText = $"SELECT branch, seq, version, payload FROM {_s}.snapshots WHERE {match};";
            using var r = cmd.ExecuteReader();
            while (r.Read()) found.Add((r.GetString(0), SnapshotJson.Read(r.GetInt64(1), r.GetInt64(2), r.GetFieldValue<byte[]>(3))));
        }
        var rewritten = 0;
        foreach (var (branch, snapshot) in found)
        {
            var without = scope.Without(snapshot);
            if (without.Twins.Count == snapshot.Twins.Count && without.Relationships.Count == snapshot.Relationships.Count) continue;
            using var cmd = Command($"UPDATE {_s}.snapshots SET payload = $1 WHERE branch = $2 AND seq = $3;", connection, tx,
                SnapshotJson.Write(without.Twins, without.Relationships), branch, snapshot.Sequence);
            cmd.ExecuteNonQuery();
            rewritten++;
        }
        return rewritten;
    }
}
