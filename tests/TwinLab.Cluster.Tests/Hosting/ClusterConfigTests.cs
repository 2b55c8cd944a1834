using System.Net;
using TwinLab.Cluster.Hosting;

namespace TwinLab.Cluster.Tests.Hosting;

public sealed class ClusterConfigTests
{
    [Fact]
    public void Parse_ThreeNodeExampleFile_ReadsEverySetting()
    {
        var config = ClusterConfig.Parse("""
            cluster: demo
            advertise: 127.0.0.1
            silo_port: 11112
            gateway_port: 30002
            membership: localhost
            primary: 127.0.0.1:11111
            partition_size: 64
            index_shards: 16
            """, "node2.yaml");
        Assert.Equal("demo", config.ClusterId);
        Assert.Equal(IPAddress.Loopback, config.Advertise);
        Assert.Equal((11112, 30002), (config.SiloPort, config.GatewayPort));
        Assert.Equal(MembershipKind.Localhost, config.Membership);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 11111), config.Primary);
        Assert.Equal((64, 16), (config.PartitionSize, config.IndexShards));
    }

    [Fact]
    public void Parse_Defaults_AreOneLocalSilo()
    {
        var config = ClusterConfig.Parse("cluster: solo\n", "solo.yaml");
        Assert.Equal((11111, 30000, 128, 8), (config.SiloPort, config.GatewayPort, config.PartitionSize, config.IndexShards));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 11111), config.Primary);
        Assert.Equal((ClusterConfig.DefaultPostgresSchema, ClusterConfig.DefaultTwinsSchema), (config.PostgresSchema, config.TwinsSchema));
    }

    [Fact]
    public void Parse_TwinsSchema_IsReadBesideThePostgresSchema()
    {
        var config = ClusterConfig.Parse("cluster: a\npostgres_schema: plant_cluster\ntwins_schema: plant_twins\n", "c.yaml");
        Assert.Equal(("plant_cluster", "plant_twins"), (config.PostgresSchema, config.TwinsSchema));
    }

    [Theory]
    [InlineData("cluster: a\nsilo_prot: 1\n", "c.yaml:2:1: silo_prot: unknown setting")]
    [InlineData("cluster: a\nsilo_port: 70000\n", "c.yaml:2:12: silo_port: '70000' is not a whole number from 1 to 65535")]
    [InlineData("advertise: here\n", "c.yaml:1:12: advertise: 'here' is not an IP address")]
    [InlineData("membership: redis\n", "c.yaml:1:13: membership: 'redis' is not 'localhost' or 'postgres'")]
    [InlineData("primary: 127.0.0.1\n", "c.yaml:1:10: primary: '127.0.0.1' is not an address:port")]
    [InlineData("cluster: [a\n", "c.yaml:")]
    [InlineData("- a\n", "c.yaml:1:1: expected a mapping")]
    [InlineData("cluster: a\ntwins_schema: Twins\n", "c.yaml:2:15: twins_schema: 'Twins' is not a schema name")]
    [InlineData("twins_schema: 1twins\n", "c.yaml:1:15: twins_schema: '1twins' is not a schema name")]
    [InlineData("twins_schema: \"a-b\"\n", "c.yaml:1:15: twins_schema: 'a-b' is not a schema name")]
    [InlineData("postgres_schema: same\ntwins_schema: same\n", "c.yaml:2:15: twins_schema: 'same' is both postgres_schema and twins_schema")]
    [InlineData("postgres_schema: twinlab_twins\n", "c.yaml:1:18: postgres_schema: 'twinlab_twins' is both postgres_schema and twins_schema")]
    public void Parse_BadSetting_NamesFileLineAndField(string text, string expected)
    {
        var error = Assert.Throws<ClusterFileException>(() => ClusterConfig.Parse(text, "c.yaml"));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Parse_PostgresWithoutConnection_SaysWhereToPutIt()
    {
        var saved = Environment.GetEnvironmentVariable(ClusterConfig.PostgresVariable);
        Environment.SetEnvironmentVariable(ClusterConfig.PostgresVariable, null);
        try
        {
            var error = Assert.Throws<ClusterFileException>(() => ClusterConfig.Parse("membership: postgres\n", "c.yaml"));
            Assert.Contains("TWINLAB_POSTGRES", error.Message);
            var given = ClusterConfig.Parse("membership: postgres\npostgres: Host=127.0.0.1;Database=twinlab\n", "c.yaml");
            Assert.Equal("Host=127.0.0.1;Database=twinlab", given.Postgres);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ClusterConfig.PostgresVariable, saved);
        }
    }
}
