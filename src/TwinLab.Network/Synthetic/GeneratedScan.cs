using System.Globalization;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Synthetic;

/// <summary>A synthetic nmap scan of a <see cref="GeneratedEnterprise"/>: every host up with its services open.</summary>
internal static class GeneratedScan
{
    /// <summary>A scan of every host of the generated enterprise, with realistic products: one web server in three runs
    /// Apache 2.4.49, one server in five Samba 4.6.2 and one in four MySQL 5.7.14; workstations are Windows 10.</summary>
    public static ScanResult Of(NetworkTopology topology)
    {
        var hosts = new List<ScannedHost>(topology.Hosts.Count);
        var line = 10;
        for (var i = 0; i < topology.Hosts.Count; i++)
        {
            var h = topology.Hosts[i];
            var windows = h.Role == "workstation";
            var ports = h.Services.Select(s => new ScannedPort(s.Protocol == TwinLab.Network.Firewall.IpProtocol.Udp ? "udp" : "tcp", s.Port, "open", "syn-ack",
                Service(s, h.Role, i), line++)).ToList();
            var os = windows
                ? new OsClass("Microsoft", "Windows", "10", "general purpose", 96, [Cpe.ParseUri("cpe:/o:microsoft:windows_10")])
                : new OsClass("Linux", "Linux", "5.X", "general purpose", 100, [Cpe.ParseUri("cpe:/o:linux:linux_kernel:5")]);
            hosts.Add(new ScannedHost("up", "echo-reply", [new HostAddress(h.Addresses[0].ToString(), AddressType.Ipv4, null)], [], ports, [],
                [new OsGuess(windows ? "Microsoft Windows 10" : "Linux 5.X", os.Accuracy, [os])], [os], line++));
        }
        return new ScanResult("generated-scan.xml", "nmap", "nmap -sV -O", null, "7.94SVN", "1.05", hosts, null, []);
    }

    private static ServiceInfo Service(HostService s, string role, int index)
    {
        ServiceInfo Info(string name, string? product, string? version, params string[] cpes) =>
            new(name, product, version, null, null, "probed", 10, null, null, null, [.. cpes.Select(Cpe.ParseUri)]);
        var v = index.ToString(CultureInfo.InvariantCulture);
        return (role, s.Port) switch
        {
            ("web-server", 80 or 443) => index % 3 == 0
                ? Info("http", "Apache httpd", "2.4.49", "cpe:/a:apache:http_server:2.4.49")
                : Info("http", "Apache httpd", "2.4.58", "cpe:/a:apache:http_server:2.4.58"),
            (_, 22) => Info("ssh", "OpenSSH", index % 2 == 0 ? "8.2p1" : "9.6p1", $"cpe:/a:openbsd:openssh:{(index % 2 == 0 ? "8.2p1" : "9.6p1")}"),
            ("server", 445) => Info("netbios-ssn", "Samba smbd", index % 5 == 0 ? "4.6.2" : "4.18.6", $"cpe:/a:samba:samba:{(index % 5 == 0 ? "4.6.2" : "4.18.6")}"),
            ("server", 3306) => Info("mysql", "MySQL", index % 4 == 0 ? "5.7.14" : "8.0.35", $"cpe:/a:mysql:mysql:{(index % 4 == 0 ? "5.7.14" : "8.0.35")}"),
            ("server", 5432) => Info("postgresql", "PostgreSQL DB", "14.10", "cpe:/a:postgresql:postgresql:14.10"),
            ("workstation", 445) => Info("microsoft-ds", null, null),
            ("workstation", 3389 or 139 or 135) => Info(s.Port == 3389 ? "ms-wbt-server" : "netbios-ssn", "Microsoft Windows", null, "cpe:/o:microsoft:windows"),
            _ => Info(s.Name, null, null),
        } with { Hostname = $"h{v}" };
    }
}
