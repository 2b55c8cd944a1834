using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TwinLab.Cli.Tests;

/// <summary>A real <c>twinlab serve --dev</c> process (the built CLI) on a free loopback port, for tests that need the
/// server in a process of its own (killed with SIGKILL, sharing its database with <c>twinlab</c> commands).</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private bool _disposed;

    /// <summary>How long a test waits for the server before failing instead of hanging.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The server's process id (how it names itself as a work lease holder: <c>HOST/PID</c>).</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServeProcess Start(string db, params string[] serveOptions)
    {
        var dll = FindCliDll();
        var port = FreePort();
        // DOTNET_HOST_PATH is set by the dotnet CLI for the processes it starts (the test host among them).
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--db", db, "serve", "--dev", "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" }.Concat(serveOptions))
            info.ArgumentList.Add(arg);
        // `dotnet app.dll` runs the app in the dotnet process itself, so killing this pid kills the server.
        var process = Process.Start(info) ?? throw new InvalidOperationException("twinlab serve did not start.");
        return new ServeProcess(process, port);
    }

    /// <summary>The client the process's own checks use (10 s timeout).</summary>
    public HttpClient Http => _http;

    public string Url(string path) => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{path}{(path.Contains('?') ? "&" : "?")}api-version=2023-10-31";

    public async Task WaitReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) Assert.Fail($"twinlab serve ended (exit {_process.ExitCode}) before answering.{Diagnostics()}");
            if (clock.Elapsed > HangGuard) Assert.Fail($"twinlab serve did not answer within {HangGuard.TotalSeconds:0} s.{Diagnostics()}");
            try
            {
                using var r = await _http.GetAsync(Url("/connections"));
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A connection's state as the server reports it, or <c>null</c> when it does not answer.</summary>
    public string? ConnectionState(string id) => Connection(id)?.GetProperty("state").GetString();

    /// <summary>Messages of a connection received and not yet durable, or -1 when the server does not answer.</summary>
    public long ConnectionQueued(string id) => ConnectionCounter(id, "queued");

    public long ConnectionCounter(string id, string name) =>
        Connection(id) is { } c && c.GetProperty("status").ValueKind == JsonValueKind.Object ? c.GetProperty("status").GetProperty(name).GetInt64() : -1;

    private JsonElement? Connection(string id)
    {
        try
        {
            using var r = _http.GetAsync(Url($"/connections/{id}")).GetAwaiter().GetResult();
            if (!r.IsSuccessStatusCode) return null;
            using var doc = JsonDocument.Parse(r.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>On Unix, <see cref="Process.Kill()"/> is <c>kill(pid, SIGKILL)</c>: no shutdown code runs.</summary>
    public void KillWithSigkill() => _process.Kill();

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public string Diagnostics()
    {
        lock (_log) return _log.Length == 0 ? "" : $" Its output:{Environment.NewLine}{_log}";
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _http.Dispose();
    }

    /// <summary>Appends each line of <paramref name="body"/> (a live <c>/events</c> stream) to <paramref name="into"/> (locked)
    /// until the stream ends or the server stops.</summary>
    public static async Task ReadLinesAsync(Stream body, StringBuilder into)
    {
        using var reader = new StreamReader(body);
        try
        {
            while (await reader.ReadLineAsync() is { } line)
                lock (into) into.AppendLine(line);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            // The server was stopped.
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
            if (_log.Length < 64 * 1024) _log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The built CLI (<c>twinlab.dll</c>): next to the test assembly (this project references the CLI), else under
    /// src/TwinLab.Cli/bin.</summary>
    private static string FindCliDll()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(Path.Combine(here, "twinlab.dll")) && File.Exists(Path.Combine(here, "twinlab.runtimeconfig.json")))
            return Path.Combine(here, "twinlab.dll");
        var tfm = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)) ?? "Debug";
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "TwinLab.Cli", "bin", configuration, tfm, "twinlab.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"twinlab.dll was not found next to the test assembly ({here}) nor under src/TwinLab.Cli/bin/{configuration}/{tfm}/; build src/TwinLab.Cli.");
    }
}
