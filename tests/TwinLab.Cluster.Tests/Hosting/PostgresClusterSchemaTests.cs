using TwinLab.Cluster.Hosting;

namespace TwinLab.Cluster.Tests.Hosting;

/// <summary>Installing the cluster schema: idempotent, safe from several nodes at once, clear when the database is not
/// there. Skips without <c>TWINLAB_POSTGRES</c> except the unreachable case.</summary>
public sealed class PostgresClusterSchemaTests : IDisposable
{
    private readonly PostgresTestSchema _schema = new();

    [SkippableFact]
    public async Task Install_ThreeNodesAtOnceThenAgain_OneSchemaWithEveryQuery()
    {
        var config = _schema.Config();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresClusterSchema.Install(config))));
        PostgresClusterSchema.Install(config);

        var keys = _schema.Rows("SELECT querykey FROM orleansquery ORDER BY querykey").Select(r => (string)r[0]!).ToArray();
        Assert.Equal(PostgresMembershipQueries.All.Keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal("1", _schema.Rows("SELECT value FROM twinlab_cluster_meta WHERE key = 'schema_version'").Single()[0]);
    }

    [SkippableFact]
    public void Install_ChangedQueryText_IsPutBack()
    {
        var config = _schema.Config();
        PostgresClusterSchema.Install(config);
        _schema.Rows("UPDATE orleansquery SET querytext = 'SELECT 1' WHERE querykey = 'GatewaysQueryKey' RETURNING 1");
        PostgresClusterSchema.Install(config);
        Assert.Equal(PostgresMembershipQueries.All["GatewaysQueryKey"],
            _schema.Rows("SELECT querytext FROM orleansquery WHERE querykey = 'GatewaysQueryKey'").Single()[0]);
    }

    [SkippableFact]
    public void Install_SchemaFromNewerTwinLab_IsRefusedNotDowngraded()
    {
        var config = _schema.Config();
        PostgresClusterSchema.Install(config);
        _schema.Rows("UPDATE twinlab_cluster_meta SET value = '99' WHERE key = 'schema_version' RETURNING 1");
        var error = Assert.Throws<ClusterFileException>(() => PostgresClusterSchema.Install(config));
        Assert.Contains("newer TwinLab (version 99", error.Message);
        Assert.Equal("99", _schema.Rows("SELECT value FROM twinlab_cluster_meta WHERE key = 'schema_version'").Single()[0]);
    }

    [Fact]
    public void Install_NoServer_NamesThePostgresSetting()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var config = ClusterConfig.Parse(
            "cluster: x\nmembership: postgres\npostgres: Host=127.0.0.1;Port=1;Username=u;Password=secret;Database=d;Timeout=5\n", "n1/cluster.yaml");
        var error = Assert.Throws<ClusterFileException>(() => PostgresClusterSchema.Install(config));
        Assert.StartsWith("n1/cluster.yaml:3:11: postgres: cannot install the cluster schema 'twinlab_cluster' in PostgreSQL (host 127.0.0.1, port 1, database d, user u)", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void Parse_PostgresSchema_IsCheckedAndKept()
    {
        var config = ClusterConfig.Parse("membership: postgres\npostgres: Host=h\npostgres_schema: ops_2\n", "c.yaml");
        Assert.Equal("ops_2", config.PostgresSchema);
        Assert.Equal(ClusterConfig.DefaultPostgresSchema, ClusterConfig.Parse("cluster: a\n", "c.yaml").PostgresSchema);
        var error = Assert.Throws<ClusterFileException>(() => ClusterConfig.Parse("postgres_schema: Ops; drop\n", "c.yaml"));
        Assert.StartsWith("c.yaml:1:18: postgres_schema: 'Ops; drop' is not a schema name", error.Message);
    }

    public void Dispose() => _schema.Dispose();
}
