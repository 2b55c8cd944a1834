using System.CommandLine;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab connections</c>.</summary>
internal static class ConnectionsCommand
{
    public static Command Create(GlobalOptions g)
    {
        _ = g;
        return new Command("connections", "Manage live connections (MQTT, watched folders, HTTP batches) and their dead letters");
    }
}
