using System.CommandLine;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab ingest</c>.</summary>
internal static class IngestCommand
{
    public static Command Create(GlobalOptions g)
    {
        _ = g;
        return new Command("ingest", "Read a CSV or NDJSON file (or watch a folder) into the twin through a mapping file");
    }
}
