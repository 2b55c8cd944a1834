using System.CommandLine;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab endpoints</c>.</summary>
internal static class EndpointsCommand
{
    public static Command Create(GlobalOptions g)
    {
        _ = g;
        return new Command("endpoints", "Manage the endpoints event routes deliver to (webhook, MQTT, SSE)");
    }
}
