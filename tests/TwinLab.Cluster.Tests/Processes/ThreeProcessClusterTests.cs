using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Tests.Processes;

/// <summary>
/// Three real <c>twinlab serve --cluster</c> processes on loopback form a cluster; an experiment started on the first one
/// survives a SIGKILL of another one and gives the single-machine result. Membership is the localhost kind (the seed is
/// node 1, never killed): PostgreSQL membership needs Orleans' schema in the database, which TwinLab does not install yet.
/// </summary>
public sealed class ThreeProcessClusterTests
{
    private const string Api = "api-version=2023-10-31";

    [SkippableFact]
    public async Task Experiment_NodeKilledMidRun_SameResultsAsTwinlabRun()
    {
        var cli = Path.Combine(Root(), "src", "TwinLab.Cli", "bin", Configuration(), "net10.0", "twinlab.dll");
        Skip.IfNot(File.Exists(cli), $"The twinlab CLI is not built ({cli}); build src/TwinLab.Cli first.");
        var dir = Directory.CreateTempSubdirectory("twinlab-cluster-");
        var ports = FreePorts(9);
        var nodes = new List<Process>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var node = Directory.CreateDirectory(Path.Combine(dir.FullName, $"n{i + 1}")).FullName;
                File.WriteAllText(Path.Combine(node, "cluster.yaml"),
                    $"cluster: ci\nsilo_port: {ports[i]}\ngateway_port: {ports[3 + i]}\nprimary: 127.0.0.1:{ports[0]}\npartition_size: 16\n");
                nodes.Add(Start(cli, node, ports[6 + i]));
                // The seed first: the others join it.
                await Until(async () => await Silos(http, ports[6 + i]) >= i + 1, TimeSpan.FromMinutes(3), nodes);
            }
            await Until(async () => await Silos(http, ports[6]) == 3, TimeSpan.FromMinutes(2), nodes);

            var scenario = Examples.Read("queueing/montecarlo.yaml");
            using var body = new StringContent(scenario, Encoding.UTF8, "application/yaml");
            var started = await http.PostAsync($"http://127.0.0.1:{ports[6]}/cluster/experiments?{Api}&partition=4", body);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var id = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            var status = $"http://127.0.0.1:{ports[6]}/cluster/experiments/{id}?{Api}";
            await Until(async () => (await Json(http, status))["completedPartitions"]!.GetValue<int>() >= 1, TimeSpan.FromMinutes(3), nodes);

            // SIGKILL (no goodbye to the cluster) a node that is neither the seed nor the coordinator's: with the in-memory
            // grain storage of serve --cluster a lost coordinator starts over (ClusterExperimentTests covers that case).
            var coordinator = (await Json(http, status))["coordinatorSilo"]!.GetValue<string>();
            var victim = coordinator.Contains($":{ports[2]}:", StringComparison.Ordinal) ? 1 : 2;
            nodes[victim].Kill();
            JsonNode last = new JsonObject();
            await Until(async () => (last = await Json(http, status))["state"]!.GetValue<string>() != "running", TimeSpan.FromMinutes(5),
                nodes.Where((_, i) => i != victim).ToList());
            Assert.Equal("finished", last["state"]!.GetValue<string>());

            var results = ResultsJson.Deserialize(await http.GetStringAsync($"http://127.0.0.1:{ports[6]}/cluster/experiments/{id}/results?{Api}"));
            var catalog = SimulatorCatalog.CreateDefault();
            var parsed = new ScenarioParser(catalog).Parse(scenario, "montecarlo.yaml");
            var reference = ExperimentRunner.Run(parsed, catalog.Get(parsed.Simulator), null, new TwinOrigin("main", 0, "reference"),
                new RunOptions(parsed.Seed, 2), TimeProvider.System);
            Assert.Equal(JsonSerializer.Serialize(reference.Scenarios, ResultsJson.Options), JsonSerializer.Serialize(results.Scenarios, ResultsJson.Options));
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (!node.HasExited) node.Kill(entireProcessTree: true);
                node.Dispose();
            }
            try { dir.Delete(recursive: true); } catch (IOException) { /* a node's files may still be closing */ }
        }
    }

    private static Process Start(string cli, string dir, int httpPort)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { cli, "--db", "twin.db", "serve", "--dev", "--urls", $"http://127.0.0.1:{httpPort}", "--cluster", "cluster.yaml" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        // Drain the output so a full pipe never blocks the node.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<int> Silos(HttpClient http, int port)
    {
        try
        {
            return (await Json(http, $"http://127.0.0.1:{port}/cluster/metrics?{Api}"))["silos"]!.AsArray().Count;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task<JsonNode> Json(HttpClient http, string url) => JsonNode.Parse(await http.GetStringAsync(url))!;

    private static async Task Until(Func<Task<bool>> condition, TimeSpan limit, IReadOnlyList<Process> alive)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (alive.FirstOrDefault(p => p.HasExited) is { } dead) throw new InvalidOperationException($"A node exited early (code {dead.ExitCode}).");
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The node is still starting, or the cluster is noticing a lost node.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Not reached within {limit}.");
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) return dir.FullName;
        throw new InvalidOperationException("TwinLab.sln not found above the test binaries.");
    }
}
