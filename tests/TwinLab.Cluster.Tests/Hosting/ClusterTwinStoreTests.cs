using TwinLab.Cluster.Hosting;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Tests.Hosting;

/// <summary>The twin store a <c>membership: postgres</c> node opens: in <c>twins_schema</c>, shared by every node, and
/// refusals that name cluster.yaml's setting without its password.</summary>
public sealed class ClusterTwinStoreTests : IDisposable
{
    private readonly PostgresTestSchema _schema = new();

    [SkippableFact]
    public void Open_CreatesTheStoreInTwinsSchema_SecondNodeSeesTheSameLog()
    {
        var config = _schema.Config();
        using var first = ClusterTwinStore.Open(config);
        Assert.Equal(_schema.TwinsName, first.Schema);
        var graph = new TwinGraph();
        graph.ImportModels([new Core.Models.DtdlSource(ExampleGraphs.Models("building", "Space.json")[0])]);
        first.Append(BranchInfo.Main, graph.TakeChanges(), graph.Version, new WriteContext("api"), DateTimeOffset.UnixEpoch);

        using var second = ClusterTwinStore.Open(config);
        Assert.Equal(1, second.LastSequence);
        Assert.Equal(1, second.Load().Models.Count);
        // The cluster's own schema holds Orleans' tables only; the twins are beside it.
        Assert.Equal(1L, _schema.Rows($"SELECT count(*) FROM \"{_schema.TwinsName}\".events").Single()[0]);
    }

    [Fact]
    public void Open_NoServer_NamesThePostgresSettingAndNotThePassword()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var config = ClusterConfig.Parse(
            "cluster: x\nmembership: postgres\npostgres: Host=127.0.0.1;Port=1;Username=u;Password=secret;Database=d;Timeout=5\ntwins_schema: plant\n", "n1/cluster.yaml");
        var error = Assert.Throws<ClusterFileException>(() => ClusterTwinStore.Open(config));
        Assert.StartsWith("n1/cluster.yaml:3:11: postgres: cannot open the twin store (twins_schema 'plant', host 127.0.0.1, port 1, database d, user u)", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    public void Dispose() => _schema.Dispose();
}
