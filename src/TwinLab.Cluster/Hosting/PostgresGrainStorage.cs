using System.Globalization;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace TwinLab.Cluster.Hosting;

/// <summary>
/// Orleans grain storage in PostgreSQL (table <c>grain_state</c> of <c>PostgresClusterSchema.sql</c>): the experiment
/// coordinators' progress outlives the silo that held it, so a coordinator re-activated elsewhere resumes its run.
/// </summary>
/// <remarks>
/// State is stored in Orleans' own binary serialization (the state types are <c>[GenerateSerializer]</c>, so fields are
/// matched by <c>[Id]</c> across versions). The ETag is a per-record counter: a write or clear must present the ETag it
/// read (none for a record never written) and bumps it; anything else is an <see cref="InconsistentStateException"/>,
/// which is how Orleans keeps a stale activation (say, one on a silo wrongly declared dead) from overwriting the live
/// one's progress. Clearing keeps the row with a null payload, so the counter never restarts and an old ETag can never
/// match again.
/// </remarks>
internal sealed class PostgresGrainStorage(NpgsqlDataSource dataSource, string serviceId, Serializer serializer) : IGrainStorage, IDisposable
{
    /// <summary>Opens storage on the connection string (its search path set to the cluster schema).</summary>
    public static PostgresGrainStorage Create(string connectionString, string serviceId, Serializer serializer) =>
        new(NpgsqlDataSource.Create(connectionString), serviceId, serializer);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT payload, etag FROM grain_state WHERE service_id = $1 AND state_name = $2 AND grain_id = $3");
        AddKey(cmd, stateName, grainId);
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = !reader.IsDBNull(0);
        if (grainState.RecordExists) grainState.State = serializer.Deserialize<T>(reader.GetFieldValue<byte[]>(0));
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.SerializeToArray(grainState.State);
        grainState.ETag = await ChangeAsync(stateName, grainId, grainState.ETag, payload);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = await ChangeAsync(stateName, grainId, grainState.ETag, null);
        grainState.RecordExists = false;
    }

    /// <summary>Writes <paramref name="payload"/> (null: clears) if the stored ETag is <paramref name="etag"/>; returns the new ETag.</summary>
    private async Task<string> ChangeAsync(string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        await using var cmd = etag is null
            ? dataSource.CreateCommand("""
                INSERT INTO grain_state (service_id, state_name, grain_id, payload, etag) VALUES ($1, $2, $3, $4, 1)
                ON CONFLICT DO NOTHING RETURNING etag
                """)
            : dataSource.CreateCommand("""
                UPDATE grain_state SET payload = $4, etag = etag + 1, written = now()
                 WHERE service_id = $1 AND state_name = $2 AND grain_id = $3 AND etag = $5 RETURNING etag
                """);
        AddKey(cmd, stateName, grainId);
        cmd.Parameters.Add(new NpgsqlParameter<byte[]?> { TypedValue = payload, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
        if (etag is not null)
            cmd.Parameters.Add(new NpgsqlParameter<long>
            {
                TypedValue = long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : -1,
            });
        if (await cmd.ExecuteScalarAsync() is long written) return written.ToString(CultureInfo.InvariantCulture);
        var stored = await StoredETagAsync(stateName, grainId);
        throw new InconsistentStateException(
            $"Grain state '{stateName}' of {grainId} was changed by another activation: stored ETag {stored ?? "(none)"}, this one had {etag ?? "(none)"}.",
            stored, etag);
    }

    private async Task<string?> StoredETagAsync(string stateName, GrainId grainId)
    {
        await using var cmd = dataSource.CreateCommand("SELECT etag FROM grain_state WHERE service_id = $1 AND state_name = $2 AND grain_id = $3");
        AddKey(cmd, stateName, grainId);
        return await cmd.ExecuteScalarAsync() is long e ? e.ToString(CultureInfo.InvariantCulture) : null;
    }

    private void AddKey(NpgsqlCommand cmd, string stateName, GrainId grainId)
    {
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.ToString() });
    }

    public void Dispose() => dataSource.Dispose();
}
