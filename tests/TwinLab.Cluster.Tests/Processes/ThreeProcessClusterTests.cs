using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Cluster.Tests.Hosting;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Tests.Processes;

/// <summary>
/// Three real <c>twinlab serve --cluster</c> processes on loopback form a cluster; an experiment started on the first one
/// survives a SIGKILL of one of them and gives exactly the single-machine result. With localhost membership the seed
/// (node 1) and the coordinator's node must stay up; with PostgreSQL membership and coordinator state (a fresh schema
/// per test) any node may go, the coordinator's included.
/// </summary>
public sealed class ThreeProcessClusterTests
{
    private const string Api = "api-version=2023-10-31";

    private enum Victim { Worker, Coordinator }

    /// <summary>Localhost membership, a worker killed mid-run. The kill re-activates the coordinator whenever the worker
    /// held its grain-directory entry; its progress must be where the re-activation lands (the seed), not in Orleans'
    /// in-memory storage grains, which may sit on the worker (the experiment was then lost: docs/scale-out.md).</summary>
    [SkippableFact]
    public Task Localhost_WorkerKilledMidRun_SameResultsAsTwinlabRun() =>
        RunAsync(ports => $"membership: localhost\nprimary: 127.0.0.1:{ports[0]}\n", Victim.Worker, seedFirst: true);

    [SkippableFact]
    public async Task Postgres_WorkerKilledMidRun_SameResultsAsTwinlabRun()
    {
        PostgresTestSchema.Require();
        using var schema = new PostgresTestSchema();
        await RunAsync(_ => $"membership: postgres\npostgres_schema: {schema.Name}\n", Victim.Worker, seedFirst: false);
    }

    [SkippableFact]
    public async Task Postgres_CoordinatorNodeKilledMidRun_ResumesOnAnotherNode_SameResultsAsTwinlabRun()
    {
        PostgresTestSchema.Require();
        using var schema = new PostgresTestSchema();
        var status = await RunAsync(_ => $"membership: postgres\npostgres_schema: {schema.Name}\n", Victim.Coordinator, seedFirst: false);
        Assert.True(status["resumes"]!.GetValue<int>() >= 1, $"the coordinator resumed on another node: {status}");
        var kept = schema.Rows("SELECT count(*) FROM grain_state WHERE payload IS NOT NULL").Single()[0];
        Assert.Equal(1L, kept);
    }

    /// <summary>Starts three nodes (cluster file: common settings plus <paramref name="membership"/>), runs the queueing
    /// Monte Carlo from node 1, SIGKILLs <paramref name="victim"/> after the first partition, reads the end from a
    /// survivor and compares with an in-process run. Returns the final status.</summary>
    private static async Task<JsonNode> RunAsync(Func<int[], string> membership, Victim victim, bool seedFirst)
    {
        var cli = ClusterNode.Cli();
        var dir = Directory.CreateTempSubdirectory("twinlab-cluster-");
        var ports = ClusterNode.FreePorts(9);
        var nodes = new List<ClusterNode>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var node = Directory.CreateDirectory(Path.Combine(dir.FullName, $"n{i + 1}")).FullName;
                File.WriteAllText(Path.Combine(node, "cluster.yaml"),
                    $"cluster: ci-{Path.GetFileName(dir.FullName)}\nsilo_port: {ports[i]}\ngateway_port: {ports[3 + i]}\npartition_size: 16\n" + membership(ports));
                nodes.Add(ClusterNode.Start(cli, node, ports[6 + i]));
                // With a seed, it comes first and the others join it one by one.
                if (seedFirst) await ClusterNode.Until(async () => await Silos(http, ports[6 + i]) >= i + 1, TimeSpan.FromMinutes(3), nodes);
            }
            for (var i = 0; i < 3; i++)
            {
                var port = ports[6 + i];
                await ClusterNode.Until(async () => await Silos(http, port) == 3, TimeSpan.FromMinutes(2), nodes);
            }

            // For the coordinator's node, the queueing Monte Carlo made long enough (200 replications of 200,000 customers,
            // no precision stop: several seconds over the cluster) that the kill after the first partition lands mid-run;
            // as shipped it can finish before the kill, and then nothing resumes. (With localhost membership a worker
            // killed mid-partition can stall the run: docs/scale-out.md; the worker cases keep the shipped scenario.)
            var scenario = Examples.Read("queueing/montecarlo.yaml").ReplaceLineEndings("\n");
            if (victim == Victim.Coordinator)
            {
                scenario = scenario.Replace("customers: 20000", "customers: 200000", StringComparison.Ordinal)
                    .Replace("  precision: { kpi: mean_wait, half_width: 0.02, max_replications: 2000 }\n", "", StringComparison.Ordinal);
                Assert.DoesNotContain("precision", scenario, StringComparison.Ordinal);
            }
            using var body = new StringContent(scenario, Encoding.UTF8, "application/yaml");
            // With a seed, the experiment is started on node 2: its coordinator must still be placed on the seed (node 1).
            var entry = seedFirst ? 1 : 0;
            var started = await http.PostAsync($"http://127.0.0.1:{ports[6 + entry]}/cluster/experiments?{Api}&partition=4", body);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var id = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            string Status(int node) => $"http://127.0.0.1:{ports[6 + node]}/cluster/experiments/{id}?{Api}";
            await ClusterNode.Until(async () => (await Json(http, Status(0)))["completedPartitions"]!.GetValue<int>() >= 1, TimeSpan.FromMinutes(3), nodes);

            // SIGKILL: no goodbye to the cluster. The coordinator is on the node that got the request (node 1).
            var before = await Json(http, Status(0));
            if (victim == Victim.Coordinator)
                Assert.True(before["state"]!.GetValue<string>() == "running", $"the experiment must still run when its coordinator's node is killed: {before}");
            var coordinator = before["coordinatorSilo"]!.GetValue<string>();
            var coordinatorNode = Enumerable.Range(0, 3).Single(i => coordinator.Contains($":{ports[i]}:", StringComparison.Ordinal));
            if (seedFirst) Assert.True(coordinatorNode == 0, $"under localhost membership the coordinator lives on the seed: {before}");
            var killed = victim == Victim.Coordinator ? coordinatorNode
                : Enumerable.Range(1, 2).Last(i => i != coordinatorNode);
            nodes[killed].Kill();
            var reader = killed == 0 ? 1 : 0;
            var alive = nodes.Where((_, i) => i != killed).ToList();
            JsonNode last = new JsonObject();
            // A 404 now means the cluster lost the experiment's record: fail at once (polling on would only time out).
            await ClusterNode.Until(async () => (last = await Known(http, Status(reader)))["state"]!.GetValue<string>() != "running", TimeSpan.FromMinutes(4), alive);
            Assert.True(last["state"]!.GetValue<string>() == "finished", $"{last}\n{ClusterNode.Outputs(nodes)}");
            if (victim == Victim.Coordinator)
                Assert.DoesNotContain($":{ports[killed]}:", last["coordinatorSilo"]!.GetValue<string>(), StringComparison.Ordinal);

            var results = ResultsJson.Deserialize(await http.GetStringAsync($"http://127.0.0.1:{ports[6 + reader]}/cluster/experiments/{id}/results?{Api}"));
            var catalog = SimulatorCatalog.CreateDefault();
            var parsed = new ScenarioParser(catalog).Parse(scenario, "montecarlo.yaml");
            var reference = ExperimentRunner.Run(parsed, catalog.Get(parsed.Simulator), null, new TwinOrigin("main", 0, "reference"),
                new RunOptions(parsed.Seed, 2), TimeProvider.System);
            Assert.Equal(JsonSerializer.Serialize(reference.Scenarios, ResultsJson.Options), JsonSerializer.Serialize(results.Scenarios, ResultsJson.Options));
            return last;
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            try { dir.Delete(recursive: true); } catch (IOException) { /* a node's files may still be closing */ }
        }
    }

    private static Task<int> Silos(HttpClient http, int port) => ClusterNode.Silos(http, port);

    private static Task<JsonNode> Json(HttpClient http, string url) => ClusterNode.Json(http, url);

    /// <summary>The experiment's status; a 404 (the record is gone) fails the test rather than counting as "not yet".</summary>
    private static async Task<JsonNode> Known(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NotFound) throw new InvalidOperationException($"The cluster lost the experiment: {body}");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(body)!;
    }
}
