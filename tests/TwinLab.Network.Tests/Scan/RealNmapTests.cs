using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TwinLab.Network.Scan;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Tests.Scan;

/// <summary>Scans a service this test starts on loopback with the real nmap (Debian package <c>nmap</c>); skipped when
/// nmap is not installed. Set <c>TWINLAB_NMAP</c> to the nmap executable to use another one than the one on PATH.</summary>
public sealed class RealNmapTests
{
    private const string Banner = "SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5\r\n";

    [SkippableFact]
    public async Task Nmap_ServiceScanOfLoopbackSshBanner_IsReadBack()
    {
        var nmap = FindNmap();
        Skip.If(nmap is null, "nmap not found: install Debian's 'nmap' package or set TWINLAB_NMAP=/path/to/nmap");

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => Serve(listener, stop.Token));

        var psi = new ProcessStartInfo(nmap!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // -sT: connect scan (no root needed); -Pn: the host is known up; -n: no DNS; loopback only.
        foreach (var a in new[] { "-sT", "-Pn", "-n", "-sV", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-oX", "-", "127.0.0.1" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(60_000);
        if (!exited) process.Kill();
        stop.Cancel();
        listener.Stop();
        Assert.True(exited, "nmap did not finish within 60 s");
        var xml = await stdout;
        Assert.True(process.ExitCode == 0, $"nmap exited with {process.ExitCode}: {await stderr}");

        var scan = NmapXmlReader.Parse(xml, "nmap-stdout");
        Assert.Equal("nmap", scan.Scanner);
        var host = Assert.Single(scan.Hosts);
        Assert.Equal("127.0.0.1", host.Ipv4);
        var scanned = Assert.Single(host.Ports);
        Assert.Equal(("tcp", port, "open"), (scanned.Protocol, scanned.Number, scanned.State));
        var service = scanned.Service!;
        Assert.Equal("ssh", service.Name);
        Assert.Equal("OpenSSH", service.Product);
        Assert.StartsWith("8.2p1", service.Version);
        Assert.Contains(service.Cpes, c => c.ToString() == "cpe:2.3:a:openbsd:openssh:8.2p1:*:*:*:*:*:*:*");
        Assert.Equal("success", scan.RunStats?.Exit);
        Assert.Empty(scan.Notes);

        // The real output goes through vulnerability matching like a hand-made one: 8.2p1 is before 9.3.
        var cves = NvdCveReader.Read(ScanDataFiles.Nvd("cves.json")).Cves;
        var matched = new VulnerabilityMatcher(cves).Match(host, scanned);
        Assert.Contains(matched.Matches, m => m.Cve.Id == "CVE-2023-38408");
        Assert.DoesNotContain(matched.Matches, m => m.Cve.Id == "CVE-2024-6387");
        await server;
    }

    private static string? FindNmap()
    {
        var configured = Environment.GetEnvironmentVariable("TWINLAB_NMAP");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "nmap.exe" : "nmap");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Answers every connection with the SSH banner, as sshd does before the client speaks.</summary>
    private static async Task Serve(TcpListener listener, CancellationToken stop)
    {
        var banner = Encoding.ASCII.GetBytes(Banner);
        var buffer = new byte[1024];
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    await stream.WriteAsync(banner, stop);
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    idle.CancelAfter(TimeSpan.FromSeconds(2));
                    while (await stream.ReadAsync(buffer, idle.Token) > 0) { }
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The scanner hangs up as soon as it has what it wants.
                }
            }
        }
    }
}
