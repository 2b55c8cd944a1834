using System.Collections.Concurrent;
using System.Diagnostics;

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
