using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Tests;

/// <summary>
/// Mosquitto for the MQTT tests: the shared broker named by <c>TWINLAB_MQTT</c>, or a private one started from
/// <c>TWINLAB_MOSQUITTO</c> on a free loopback port (for tests that stop and restart the broker). Without the variable a
/// test is skipped with a message saying how to run it.
/// </summary>
public static class Mosquitto
{
    private const string HowTo =
        ".ci/run sets it; or start mosquitto and export TWINLAB_MQTT=mqtt://127.0.0.1:1883 TWINLAB_MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)";

    /// <summary>The shared broker (<c>TWINLAB_MQTT</c>); skips the test when it is not set.</summary>
    public static MqttAddress Shared()
    {
        var text = Environment.GetEnvironmentVariable("TWINLAB_MQTT");
        SkipUnless(!string.IsNullOrWhiteSpace(text), "TWINLAB_MQTT is not set (an MQTT broker on loopback). " + HowTo);
        return MqttAddress.Parse(text!);
    }

    /// <summary>The mosquitto binary (<c>TWINLAB_MOSQUITTO</c>); skips the test when it is not set.</summary>
    public static string Binary()
    {
        var path = Environment.GetEnvironmentVariable("TWINLAB_MOSQUITTO");
        SkipUnless(!string.IsNullOrWhiteSpace(path), "TWINLAB_MOSQUITTO is not set (the mosquitto binary, to start a private broker). " + HowTo);
        if (!File.Exists(path)) throw new FileNotFoundException($"TWINLAB_MOSQUITTO names {path}, which does not exist.", path);
        return path!;
    }

    /// <summary>Starts a private broker on a free loopback port; it is stopped (and its files removed) on dispose.</summary>
    /// <param name="persistence">Keep sessions and queued messages in a file that survives a restart.</param>
    /// <param name="extraConfig">More mosquitto.conf lines.</param>
    public static Task<MosquittoBroker> StartPrivateAsync(bool persistence = false, string extraConfig = "") =>
        MosquittoBroker.StartAsync(Binary(), persistence, extraConfig);

    /// <summary>Skips with <paramref name="why"/> unless <paramref name="condition"/> holds; under CI (<c>CI=true</c>),
    /// where .ci/run provides the broker, a missing one fails the test instead of hiding it.</summary>
    private static void SkipUnless(bool condition, string why)
    {
        if (condition) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true but " + why);
        Skip.If(true, why);
    }

    /// <summary>A topic prefix no other test uses (the shared broker is shared by parallel test classes).</summary>
    public static string UniqueTopicRoot(string name) => $"twinlab-test/{name}/{Guid.NewGuid():N}";
}

/// <summary>A mosquitto process this test started; restartable on the same port with the same persistence file.</summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private MosquittoBroker(string binary, string directory, int port)
    {
        _binary = binary;
        _directory = directory;
        Port = port;
    }

    /// <summary>The loopback port it listens on (the same after a restart).</summary>
    public int Port { get; }

    /// <summary>Its address.</summary>
    public MqttAddress Address => new("127.0.0.1", Port);

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What mosquitto printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    internal static async Task<MosquittoBroker> StartAsync(string binary, bool persistence, string extraConfig)
    {
        var directory = Directory.CreateTempSubdirectory("twinlab-mosquitto-").FullName;
        // mosquitto started as root drops to the 'mosquitto' user: it must be able to write its persistence file here.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var port = FreePort();
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1")
            .AppendLine("allow_anonymous true")
            .AppendLine(persistence ? "persistence true" : "persistence false")
            .AppendLine(CultureInfo.InvariantCulture, $"persistence_location {directory}/")
            .AppendLine("max_queued_messages 1000000")
            .AppendLine(extraConfig);
        await File.WriteAllTextAsync(Path.Combine(directory, "mosquitto.conf"), config.ToString());
        var broker = new MosquittoBroker(binary, directory, port);
        await broker.StartProcessAsync();
        return broker;
    }

    /// <summary>Stops the broker: SIGTERM (it saves its persistence file) or SIGKILL (it saves nothing since the last
    /// autosave). Waits until the process is gone.</summary>
    public async Task StopAsync(bool kill = false)
    {
        if (_process is not { } process || process.HasExited) return;
        if (kill) process.Kill();
        else Signal(process.Id, "TERM");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts it again on the same port with the same configuration and persistence file.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <summary>Starts it again after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() => IsRunning ? Task.CompletedTask : StartProcessAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task StartProcessAsync()
    {
        _process?.Dispose();
        var info = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Path.Combine(_directory, "mosquitto.conf"));
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        // The port may still be in TIME_WAIT from the previous run for a moment; mosquitto sets SO_REUSEADDR, so it binds.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"mosquitto exited with code {process.ExitCode} on port {Port}:\n{Output}");
            if (await AcceptsAsync(Port)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"mosquitto did not listen on 127.0.0.1:{Port} within 15 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }
}
