using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace TwinLab.Cluster.Tests.Processes;

/// <summary>One <c>twinlab serve --cluster</c> process, its output kept (the last lines) for failure messages.</summary>
internal sealed class ClusterNode : IDisposable
{
    private const int KeptLines = 60;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ClusterNode(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The node's folder name (n1, n2, …).</summary>
    public string Name { get; }

    /// <summary>Starts <c>dotnet twinlab.dll --db twin.db serve --dev --urls … --cluster cluster.yaml</c> in <paramref name="dir"/>.</summary>
    public static ClusterNode Start(string cli, string dir, int httpPort)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { cli, "--db", "twin.db", "serve", "--dev", "--urls", $"http://127.0.0.1:{httpPort}", "--cluster", "cluster.yaml" })
            info.ArgumentList.Add(a);
        var node = new ClusterNode(Process.Start(info)!, Path.GetFileName(dir));
        // Drain the output (a full pipe would block the node), keeping the tail.
        node._process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: the node gets no chance to leave the cluster.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, as a service manager stops a node: it leaves the cluster and exits. Waits for the exit.</summary>
    public void Stop()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(30_000)) throw new TimeoutException($"Node {Name} did not stop within 30 s of SIGTERM.\n{Outputs([this])}");
    }

    /// <summary>The built twinlab CLI (skips the test when it is not built).</summary>
    public static string Cli()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var cli = Path.Combine(Root(), "src", "TwinLab.Cli", "bin", configuration, "net10.0", "twinlab.dll");
        Skip.IfNot(File.Exists(cli), $"The twinlab CLI is not built ({cli}); build src/TwinLab.Cli first.");
        return cli;
    }

    /// <summary><paramref name="count"/> loopback ports free a moment ago.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }

    /// <summary>The silos the node on <paramref name="port"/> sees (0 while it does not answer).</summary>
    public static async Task<int> Silos(HttpClient http, int port)
    {
        try
        {
            return (await Json(http, $"http://127.0.0.1:{port}/cluster/metrics?api-version=2023-10-31"))["silos"]!.AsArray().Count;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public static async Task<JsonNode> Json(HttpClient http, string url) => JsonNode.Parse(await http.GetStringAsync(url))!;

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) return dir.FullName;
        throw new InvalidOperationException("TwinLab.sln not found above the test binaries.");
    }

    /// <summary>Every node's last lines of output.</summary>
    public static string Outputs(IEnumerable<ClusterNode> nodes) =>
        string.Join("\n", nodes.Select(n => $"--- {n.Name}{(n.HasExited ? $" (exited {n._process.ExitCode})" : "")}, last lines:\n{string.Join("\n", n._output)}"));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails (with the nodes' output) when a node of
    /// <paramref name="alive"/> exits or <paramref name="limit"/> passes.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan limit, IReadOnlyList<ClusterNode> alive)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (alive.Any(p => p.HasExited)) throw new InvalidOperationException($"A node exited early.\n{Outputs(alive)}");
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
        throw new TimeoutException($"Not reached within {limit}.\n{Outputs(alive)}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > KeptLines) _output.TryDequeue(out _);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
