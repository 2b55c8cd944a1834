-- TwinLab's PostgreSQL schema for an Orleans cluster: membership (read by Microsoft.Orleans.Clustering.AdoNet) and the
-- experiment coordinators' grain state (read by TwinLab's PostgresGrainStorage). Installed by PostgresClusterSchema
-- into one PostgreSQL schema (cluster.yaml's postgres_schema), inside a transaction holding an advisory lock, with
-- search_path set to that schema. Safe to run again: tables are created if missing, functions and queries replaced.
--
-- The contract with the Orleans provider (version 10.4.2), learnt from its source (dotnet/orleans, MIT:
-- src/AdoNet/Orleans.Clustering.AdoNet/ClusteringStoredQueries.cs, src/AdoNet/Shared/Storage/DbStoredQueries.cs and
-- RelationalOrleansQueries.cs):
--   * it runs "SELECT QueryKey, QueryText FROM OrleansQuery" and refuses to start unless every key it knows is there;
--   * it runs each query text with named parameters (@DeploymentId = the cluster id, @Address/@Port/@Generation = a
--     silo, @SiloName, @HostName, @Status (SiloStatus as int; 3 Active, 6 Dead), @ProxyPort, @StartTime,
--     @IAmAliveTime (UTC DateTime), @SuspectTimes (text "silo,time|silo,time" or null), @Version (the table version
--     the caller last read, an int));
--   * membership reads must return at least one row, the table version in column "Version" on every row, and the
--     member columns (Address, Port, Generation, SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime,
--     IAmAliveTime) null when there is no member (it tests StartTime for null);
--   * the version insert and row insert/update return one boolean column: whether the write happened. A row write
--     happens only when @Version is still the table's version, and then bumps it (optimistic concurrency on the
--     whole table, as Orleans' membership protocol requires).
-- The tables and texts below are TwinLab's own.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  text PRIMARY KEY,
    querytext text NOT NULL
);

CREATE TABLE IF NOT EXISTS twinlab_cluster_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- One row per cluster id: the version every membership change bumps.
CREATE TABLE IF NOT EXISTS membership_version (
    cluster_id text PRIMARY KEY,
    version    integer NOT NULL DEFAULT 0,
    changed    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS membership_silo (
    cluster_id      text NOT NULL REFERENCES membership_version (cluster_id) ON DELETE CASCADE,
    address         text NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       text NOT NULL,
    host_name       text NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer NOT NULL,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- Grain state (experiment coordinators). payload null = cleared; etag only ever grows, so a cleared and rewritten
-- record never takes an ETag a stale writer still holds.
CREATE TABLE IF NOT EXISTS grain_state (
    service_id text NOT NULL,
    state_name text NOT NULL,
    grain_id   text NOT NULL,
    payload    bytea,
    etag       bigint NOT NULL,
    written    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, grain_id)
);

-- Adds a silo's row if the caller's table version is current; bumps the version when it does.
CREATE OR REPLACE FUNCTION membership_silo_insert(
    p_cluster text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
    p_status integer, p_proxy_port integer, p_start timestamptz, p_alive timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
DECLARE
    current_version integer;
BEGIN
    -- The version row's lock orders every writer of this cluster's membership.
    SELECT version INTO current_version FROM membership_version WHERE cluster_id = p_cluster FOR UPDATE;
    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;
    INSERT INTO membership_silo (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port,
                                 start_time, i_am_alive_time)
    VALUES (p_cluster, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start, p_alive)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE membership_version SET version = version + 1, changed = now() WHERE cluster_id = p_cluster;
    RETURN true;
END
$fn$;

-- Changes a silo's status, suspicions and heartbeat if the caller's table version is current; bumps the version.
CREATE OR REPLACE FUNCTION membership_silo_update(
    p_cluster text, p_address text, p_port integer, p_generation integer, p_status integer, p_suspects text,
    p_alive timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
DECLARE
    current_version integer;
BEGIN
    SELECT version INTO current_version FROM membership_version WHERE cluster_id = p_cluster FOR UPDATE;
    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;
    UPDATE membership_silo SET status = p_status, suspect_times = p_suspects, i_am_alive_time = p_alive
     WHERE cluster_id = p_cluster AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE membership_version SET version = version + 1, changed = now() WHERE cluster_id = p_cluster;
    RETURN true;
END
$fn$;
