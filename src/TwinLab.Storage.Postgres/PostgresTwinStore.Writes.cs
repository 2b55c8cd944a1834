using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Storage.Postgres;

public sealed partial class PostgresTwinStore
{
    /// <summary>The statements of one append, built before a connection is taken; <see cref="Telemetry"/> lists the
    /// telemetry events (1-based index in the write) whose points go by COPY when there are many.</summary>
    private sealed record Staged(List<NpgsqlBatchCommand> Commands, List<(TelemetryAppended Change, long Index)> Telemetry, int PointCount);

    /// <summary>
    /// Builds the statements that write one append's rows, each table's rows in one statement over arrays. They run after
    /// the statement that moves the head row on by the number of changes, in the same transaction, and number their rows
    /// from it on the server: event <c>i</c> (1-based) of the write gets <c>head.last_seq - n + i</c>.
    /// </summary>
    private Staged Stage(string branch, IReadOnlyList<GraphChange> changes, WriteContext context, DateTimeOffset timestamp, bool main)
    {
        var commands = new List<NpgsqlBatchCommand>();
        var telemetry = new List<(TelemetryAppended Change, long Index)>();
        var n = changes.Count;
        if (n == 0) return new Staged(commands, telemetry, 0);
        var types = new string[n];
        var firstTwins = new string?[n];
        var payloads = new string[n];
        var indexTwins = new List<string>(n);
        var indexEvents = new List<long>(n);
        var pointCount = 0;
        for (var i = 0; i < n; i++)
        {
            var change = changes[i];
            BeforeChange?.Invoke(i, change);
            types[i] = GraphChangeJson.TypeOf(change);
            payloads[i] = GraphChangeJson.Serialize(change);
            var first = true;
            foreach (var twin in GraphChangeJson.TwinsOf(change))
            {
                if (first) firstTwins[i] = twin;
                first = false;
                if (twin is null) continue;
                indexTwins.Add(twin);
                indexEvents.Add(i + 1);
            }
            if (change is TelemetryAppended t)
            {
                telemetry.Add((t, i + 1));
                pointCount += t.Points.Count;
            }
            else if (main && change is ModelsImported or ModelDeleted or ModelDecommissioned)
                commands.Add(ModelCommand(change));
        }
        var head = $"(SELECT last_seq - $1 AS base FROM {_s}.head WHERE id = 1) AS h";
        commands.Add(BatchCommand($"""
            INSERT INTO {_s}.events(seq, ts, actor, branch, idem_key, type, twin_id, payload)
            SELECT h.base + u.i, $2, $3, $4, $5, u.type, u.twin, u.payload
            FROM {head}, unnest($6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS u(type, twin, payload, i);
            """, (long)n, timestamp.UtcTicks, Text(context.Actor), Text(branch), Text(context.IdempotencyKey), types, firstTwins, payloads));
        if (indexTwins.Count > 0)
            // DISTINCT: a relationship from a twin to itself names it twice.
            commands.Add(BatchCommand($"""
                INSERT INTO {_s}.event_twins(twin_id, seq, branch)
                SELECT DISTINCT u.twin, h.base + u.i, $2 FROM {head}, unnest($3::text[], $4::bigint[]) AS u(twin, i);
                """, (long)n, Text(branch), indexTwins.ToArray(), indexEvents.ToArray()));
        if (pointCount > 0 && pointCount < CopyThreshold) commands.Add(TelemetryInsert(telemetry, pointCount, branch, n, head));
        var keys = new List<string?>();
        if (context.IdempotencyKey is { } key) keys.Add(key);
        if (context.ItemKeys is { } items) keys.AddRange(items);
        if (keys.Count > 0)
            commands.Add(BatchCommand($"""
                INSERT INTO {_s}.writes(idem_key, first_seq, last_seq, branch) SELECT u.k, h.base + 1, h.base + $1, $2 FROM {head}, unnest($3::text[]) AS u(k);
                """, (long)n, Text(branch), keys.ToArray()));
        return new Staged(commands, telemetry, pointCount);
    }

    private NpgsqlBatchCommand TelemetryInsert(List<(TelemetryAppended Change, long Index)> telemetry, int count, string branch, int n, string head)
    {
        var twins = new string?[count];
        var components = new string?[count];
        var names = new string?[count];
        var times = new long[count];
        var values = new string[count];
        var events = new long[count];
        var ords = new int[count];
        var k = 0;
        foreach (var (change, index) in telemetry)
        {
            for (var i = 0; i < change.Points.Count; i++, k++)
            {
                var p = change.Points[i];
                twins[k] = p.TwinId;
                components[k] = p.Component;
                names[k] = p.Name;
                times[k] = p.Timestamp.UtcTicks;
                values[k] = p.Value.GetRawText();
                events[k] = index;
                ords[k] = i;
            }
        }
        return BatchCommand($"""
            INSERT INTO {_s}.telemetry(twin_id, component, name, ts, value, branch, seq, ord)
            SELECT u.twin, u.component, u.name, u.ts, u.value, $2, h.base + u.i, u.ord
            FROM {head}, unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::bigint[], $9::int[]) AS u(twin, component, name, ts, value, i, ord);
            """, (long)n, Text(branch), twins, components, names, times, values, events, ords);
    }

    /// <summary>Writes telemetry with a binary COPY, the fastest way into PostgreSQL, inside the append's transaction,
    /// once the head row gave the write its numbers (event <c>i</c> is <paramref name="before"/> + <c>i</c>). A refused row
    /// (a null id or name) fails the COPY and so the append.</summary>
    private void CopyTelemetry(NpgsqlConnection connection, List<(TelemetryAppended Change, long Index)> telemetry, string branch, long before)
    {
        using var importer = connection.BeginBinaryImport(
            $"COPY {_s}.telemetry (twin_id, component, name, ts, value, branch, seq, ord) FROM STDIN (FORMAT BINARY);");
        foreach (var (change, index) in telemetry)
        {
            var seq = before + index;
            for (var i = 0; i < change.Points.Count; i++)
            {
                var p = change.Points[i];
                importer.StartRow();
                WriteText(importer, p.TwinId);
                WriteText(importer, p.Component);
                WriteText(importer, p.Name);
                importer.Write(p.Timestamp.UtcTicks, NpgsqlDbType.Bigint);
                importer.Write(p.Value.GetRawText(), NpgsqlDbType.Text);
                importer.Write(branch, NpgsqlDbType.Text);
                importer.Write(seq, NpgsqlDbType.Bigint);
                importer.Write(i, NpgsqlDbType.Integer);
            }
        }
        importer.Complete();
    }

    private static void WriteText(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Text);
    }

    /// <summary>Keeps main's models current in <c>models</c> (model writes are rare; start-up then parses them once).</summary>
    private NpgsqlBatchCommand ModelCommand(GraphChange change)
    {
        switch (change)
        {
            case ModelsImported m:
                var inline = InlineInterfaces.Find(m.Models.Select(e => e.Interface).ToArray());
                // One row per id, the last one winning (an upsert may not touch a row twice in one statement).
                var rows = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
                var nulls = new List<ModelEntry>();
                foreach (var e in m.Models)
                {
                    if (e.Interface.Id is null) nulls.Add(e);
                    else rows[e.Interface.Id] = e;
                }
                var entries = rows.Values.Concat(nulls).ToArray();
                var origins = entries.Select(e => e.Interface.Id is null ? null : inline.GetValueOrDefault(e.Interface.Id)).ToArray();
                return BatchCommand($"""
                    INSERT INTO {_s}.models(id, definition, source_file, upload_time, decommissioned, parent_id, context)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::boolean[], $6::text[], $7::text[])
                    ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition, source_file = EXCLUDED.source_file,
                        upload_time = EXCLUDED.upload_time, decommissioned = EXCLUDED.decommissioned, parent_id = EXCLUDED.parent_id,
                        context = EXCLUDED.context;
                    """,
                    entries.Select(e => e.Interface.Id).ToArray(),
                    entries.Select(e => e.Interface.Definition).ToArray(),
                    entries.Select(e => e.Interface.SourceFile).ToArray(),
                    entries.Select(e => e.UploadTime.UtcTicks).ToArray(),
                    entries.Select(e => e.Decommissioned).ToArray(),
                    origins.Select(o => o?.ParentId).ToArray(),
                    origins.Select(o => o?.Context).ToArray());
            case ModelDeleted d:
                return BatchCommand($"DELETE FROM {_s}.models WHERE id = $1;", Text(d.ModelId));
            case ModelDecommissioned d:
                return BatchCommand($"UPDATE {_s}.models SET decommissioned = $2 WHERE id = $1;", Text(d.ModelId), d.Decommissioned);
            default:
                throw new NotSupportedException($"PostgresTwinStore cannot persist a {change.GetType().Name} as a model.");
        }
    }

    private List<ModelEntry> LoadModels(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var rows = new List<StoredModelRow>();
        using (var cmd = Command(
                   $"SELECT id, definition, source_file, upload_time, decommissioned, parent_id, context FROM {_s}.models ORDER BY id COLLATE \"C\";",
                   connection, tx))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                rows.Add(new StoredModelRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.GetBoolean(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        }
        return InlineInterfaces.Load(rows, _where);
    }
}
