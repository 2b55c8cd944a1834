using System.CommandLine;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab drift</c>.</summary>
internal static class DriftCommand
{
    public static Command Create(GlobalOptions g)
    {
        _ = g;
        return new Command("drift", "Show how well each twin's predictions fit the data arriving from its real counterpart");
    }
}
