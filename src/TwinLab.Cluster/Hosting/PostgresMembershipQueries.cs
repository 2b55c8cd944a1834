namespace TwinLab.Cluster.Hosting;

/// <summary>
/// The query texts Orleans' ADO.NET clustering provider (10.4.2) looks up by key in <c>OrleansQuery</c>, written for
/// TwinLab's tables (<c>PostgresClusterSchema.sql</c>, which also states the contract and where it was learnt).
/// </summary>
/// <remarks>
/// Result columns are quoted so their names keep the provider's spelling. The provider checks that every key it knows
/// is present: 10.4.2 knows the nine membership keys and <c>CleanupDefunctSiloEntryKey</c> (one dead row, matched on
/// every value it read).
/// </remarks>
internal static class PostgresMembershipQueries
{
    private const string MemberColumns = """
        s.address AS "Address", s.port AS "Port", s.generation AS "Generation", s.silo_name AS "SiloName",
        s.host_name AS "HostName", s.status AS "Status", s.proxy_port AS "ProxyPort", s.suspect_times AS "SuspectTimes",
        s.start_time AS "StartTime", s.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
        """;

    /// <summary>Query key → text.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GatewaysQueryKey"] = """
            SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
              FROM membership_silo
             WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
            """,
        // The version row always comes back (members null when the silo has no row): the provider reads the version from it.
        ["MembershipReadRowKey"] = $"""
            SELECT {MemberColumns}
              FROM membership_version v
              LEFT JOIN membership_silo s
                ON s.cluster_id = v.cluster_id AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
             WHERE v.cluster_id = @DeploymentId
            """,
        ["MembershipReadAllKey"] = $"""
            SELECT {MemberColumns}
              FROM membership_version v
              LEFT JOIN membership_silo s ON s.cluster_id = v.cluster_id
             WHERE v.cluster_id = @DeploymentId
            """,
        ["InsertMembershipVersionKey"] = """
            WITH added AS (
                INSERT INTO membership_version (cluster_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM added)
            """,
        // A heartbeat does not change membership: no version check, no bump.
        ["UpdateIAmAlivetimeKey"] = """
            UPDATE membership_silo SET i_am_alive_time = @IAmAliveTime
             WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
            """,
        ["InsertMembershipKey"] = """
            SELECT membership_silo_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                                          @ProxyPort, @StartTime, @IAmAliveTime, @Version)
            """,
        ["UpdateMembershipKey"] = """
            SELECT membership_silo_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                          @IAmAliveTime, @Version)
            """,
        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM membership_version WHERE cluster_id = @DeploymentId
            """,
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM membership_silo
             WHERE cluster_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
            """,
        ["CleanupDefunctSiloEntryKey"] = """
            DELETE FROM membership_silo
             WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
               AND status = 6 AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
               AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
            """,
    };
}
