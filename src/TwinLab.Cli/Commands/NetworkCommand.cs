using System.CommandLine;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab network import|cvss</c>: the network security twin. An import writes the scanned network as twins on
/// <c>--branch</c> (main by default) and keeps the import's summary as a document; a re-import reports what changed.
/// </summary>
internal static class NetworkCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("network", "The network security twin: import nmap scans with their vulnerabilities (NVD, EPSS, KEV), re-import to see what changed, score CVSS vectors");
        cmd.Subcommands.Add(NetworkImport.Create(g));
        cmd.Subcommands.Add(NetworkCvss.Create(g));
        cmd.Subcommands.Add(NetworkAnalysis.Reach(g));
        cmd.Subcommands.Add(NetworkAnalysis.Paths(g));
        cmd.Subcommands.Add(NetworkAnalysis.Simulate(g));
        cmd.Subcommands.Add(NetworkDefence.WhatIf(g));
        cmd.Subcommands.Add(NetworkDefence.Recommend(g));
        cmd.Subcommands.Add(NetworkCapacity.Create(g));
        return cmd;
    }
}
