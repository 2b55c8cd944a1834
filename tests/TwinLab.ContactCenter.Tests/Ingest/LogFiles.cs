using TwinLab.ContactCenter.Ingest;

namespace TwinLab.ContactCenter.Tests.Ingest;

/// <summary>Reads CSV text written to a temporary file, as users' files are read.</summary>
internal static class LogFiles
{
    public const string DefaultHeader = "arrival,channel,queue,wait_seconds,outcome,agent,handle_seconds,resolved,repeat,satisfaction";

    public static ImportResult Read(string csv, ColumnMap? map = null, ImportOptions? options = null, string name = "log.csv")
    {
        using var folder = new TempFolder();
        return InteractionLog.Read(folder.Write(name, csv), map, options);
    }

    public static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";
}
