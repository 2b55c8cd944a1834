namespace TwinLab.Examples.Factory;

/// <summary>The DTDL interfaces of <c>examples/factory/models</c>, and the names the simulator reads from them.</summary>
/// <remarks>Twins may use models that <c>extends</c> these; the reader accepts any model assignable to them.</remarks>
public static class FactoryModels
{
    /// <summary>A plant: costs of lines, crews and buffer space.</summary>
    public const string Factory = "dtmi:twinlab:factory:Factory;1";
    /// <summary>A serial production line.</summary>
    public const string ProductionLine = "dtmi:twinlab:factory:ProductionLine;1";
    /// <summary>A station that processes parts and fails now and then.</summary>
    public const string Machine = "dtmi:twinlab:factory:Machine;1";
    /// <summary>Space for parts between two machines.</summary>
    public const string Buffer = "dtmi:twinlab:factory:Buffer;1";
    /// <summary>The repair crews a line shares.</summary>
    public const string RepairCrewPool = "dtmi:twinlab:factory:RepairCrewPool;1";

    /// <summary>Factory → ProductionLine.</summary>
    public const string HasLine = "hasLine";
    /// <summary>ProductionLine → the Machine parts enter first.</summary>
    public const string FirstStation = "firstStation";
    /// <summary>ProductionLine → RepairCrewPool.</summary>
    public const string RepairedBy = "repairedBy";
    /// <summary>Machine → Buffer and Buffer → Machine: the way parts flow.</summary>
    public const string Feeds = "feeds";
}
