using System.Globalization;
using Npgsql;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Storage.Postgres;

public sealed partial class PostgresTwinStore
{
    /// <summary>
    /// How long a batch append (<see cref="AppendAfterLastAsync"/>) waits for the head row's lock before it fails with a
    /// <see cref="TimeoutException"/>: a writer stuck inside its transaction (a hung process, an open session in psql)
    /// then shows as a clear error on the writers behind it instead of a silent hang.
    /// </summary>
    public TimeSpan AppendLockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long any one statement of a batch append may run before the server cancels it (and the batch fails).</summary>
    public TimeSpan AppendStatementTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    /// <remarks>
    /// <para>One explicit transaction, three round trips whatever the batch's size: the first sets the transaction's
    /// <c>lock_timeout</c> and <c>statement_timeout</c>, takes the head row with <c>SELECT … FOR UPDATE</c> (the lock every
    /// append of every process queues on) and reads which of the batch's idempotency keys are already committed; the writes
    /// then run in memory, numbered one after another from the true last number; the second sends every accepted write's
    /// statements in one batch, each write's own head-row update first, so its rows are numbered on the server exactly as a
    /// single <see cref="Append(string, IReadOnlyList{GraphChange}, long, WriteContext, DateTimeOffset)"/> numbers them;
    /// the third commits. A group of N writes thus costs one commit (one WAL flush) instead of N.</para>
    /// <para>Nothing here blocks a thread: connections, statements and the commit are awaited. (A write with
    /// <see cref="CopyThreshold"/> telemetry points or more still goes by a synchronous binary COPY; grains write none.)</para>
    /// </remarks>
    /// <exception cref="TimeoutException">The head row's lock was not granted within <see cref="AppendLockTimeout"/>, or a
    /// statement ran past <see cref="AppendStatementTimeout"/>; nothing was appended.</exception>
    public async Task<IReadOnlyList<AppendOutcome>> AppendAfterLastAsync(IReadOnlyList<PendingAppend> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ThrowIfDisposed();
        var outcomes = new AppendOutcome[writes.Count];
        if (writes.Count == 0) return outcomes;
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (last, committed) = await LockHeadAsync(connection, tx, writes, cancellationToken).ConfigureAwait(false);
            UpdateLast(last);
            var accepted = new Dictionary<string, AppendResult>(StringComparer.Ordinal);
            var copies = new List<(Staged Staged, string Branch, long Before)>();
            await using var batch = new NpgsqlBatch(connection, tx);
            for (var i = 0; i < writes.Count; i++)
            {
                var pending = writes[i];
                if (pending.Context.IdempotencyKey is { } key
                    && (committed.TryGetValue(key, out var seen) || accepted.TryGetValue(key, out seen)))
                {
                    outcomes[i] = new AppendOutcome(seen with { Duplicate = true }, null);
                    continue;
                }
                Staged staged;
                StagedWrite made;
                try
                {
                    made = pending.Write(last);
                    staged = Stage(pending.Branch, made.Changes, pending.Context, pending.Timestamp, pending.Branch == BranchInfo.Main);
                }
                catch (Exception e)
                {
                    // Refused by its own rules (validation, a stale If-Match): this write alone fails; nothing of it was sent.
                    outcomes[i] = new AppendOutcome(null, e);
                    continue;
                }
                var n = made.Changes.Count;
                var result = new AppendResult(last + 1, last + n, Duplicate: false);
                outcomes[i] = new AppendOutcome(result, null);
                if (n == 0) continue;
                if (pending.Context.IdempotencyKey is { } k) accepted[k] = result;
                batch.BatchCommands.Add(HeadCommand(n, pending.Branch == BranchInfo.Main, made.Version, expected: null));
                foreach (var cmd in staged.Commands) batch.BatchCommands.Add(cmd);
                if (staged.PointCount >= CopyThreshold) copies.Add((staged, pending.Branch, last));
                last += n;
            }
            if (batch.BatchCommands.Count == 0)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return outcomes;
            }
            // Every statement's result is consumed, so the error of any of them surfaces here.
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (staged, branch, before) in copies) CopyTelemetry(connection, staged.Telemetry, branch, before);
            // Not cancellable: once the commit is sent, its outcome must be known, not abandoned.
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            UpdateLast(last);
            return outcomes;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled)
        {
            // Disposing the transaction rolls it back (the server already aborted it).
            throw new TimeoutException(e.SqlState == PostgresErrorCodes.LockNotAvailable
                ? $"The append lock (head row) of {_where} was not granted within {AppendLockTimeout.TotalSeconds:0.###} s: another transaction holds it (a stuck writer?). Nothing was appended."
                : $"An append to {_where} ran past the statement timeout of {AppendStatementTimeout.TotalSeconds:0.###} s and was cancelled. Nothing was appended.", e);
        }
    }

    /// <summary>
    /// The batch's first round trip: sets its timeouts, locks the head row and reads the log's true last number, and finds
    /// which of the writes' idempotency keys are committed (read under the lock, so none can be committed meanwhile).
    /// </summary>
    private async Task<(long Last, Dictionary<string, AppendResult> Committed)> LockHeadAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IReadOnlyList<PendingAppend> writes, CancellationToken cancellationToken)
    {
        var keys = writes.Select(w => w.Context.IdempotencyKey).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(BatchCommand("SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true);",
            Milliseconds(AppendLockTimeout), Milliseconds(AppendStatementTimeout)));
        batch.BatchCommands.Add(BatchCommand($"SELECT last_seq FROM {_s}.head WHERE id = 1 FOR UPDATE;"));
        if (keys.Length > 0)
            batch.BatchCommands.Add(BatchCommand($"SELECT idem_key, first_seq, last_seq FROM {_s}.writes WHERE idem_key = ANY($1);", (object)keys));
        await using var r = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await r.NextResultAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) throw new InvalidOperationException($"The head row of {_where} is missing.");
        var last = r.GetInt64(0);
        var committed = new Dictionary<string, AppendResult>(StringComparer.Ordinal);
        if (keys.Length > 0 && await r.NextResultAsync(cancellationToken).ConfigureAwait(false))
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                committed[r.GetString(0)] = new AppendResult(r.GetInt64(1), r.GetInt64(2), Duplicate: true);
        return (last, committed);
    }

    private static string Milliseconds(TimeSpan span) =>
        ((long)Math.Max(1, span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
}
