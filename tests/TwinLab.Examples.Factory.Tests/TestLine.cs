using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Examples.Factory.Tests;

/// <summary>Builds small lines with chosen figures, for checks against queueing theory.</summary>
internal static class TestLine
{
    /// <summary>One machine: processing mean and CV (minutes), MTBF (hours), MTTR (minutes).</summary>
    public readonly record struct Station(double ProcessingMinutes, double Cv, double MtbfHours = 1e9, double MttrMinutes = 1);

    public static GraphSnapshot Build(int capacity, int crews, params Station[] stations)
    {
        const string F = "dtmi:twinlab:factory:";
        var twins = new JsonArray
        {
            Twin("plant", "Factory", new() { ["lineCostPerHour"] = 100.0, ["crewCostPerHour"] = 10.0, ["bufferSlotCostPerHour"] = 1.0 }),
            Twin("line", "ProductionLine", new()),
            Twin("crews", "RepairCrewPool", new() { ["size"] = crews }),
        };
        var rels = new JsonArray
        {
            Rel("plant", "hasLine", "line"),
            Rel("line", "firstStation", "m0"),
            Rel("line", "repairedBy", "crews"),
        };
        for (var i = 0; i < stations.Length; i++)
        {
            var s = stations[i];
            twins.Add(Twin($"m{i}", "Machine", new()
            {
                ["processingTimeMean"] = s.ProcessingMinutes, ["processingTimeCv"] = s.Cv,
                ["mtbfHours"] = s.MtbfHours, ["mttrMinutes"] = s.MttrMinutes,
            }));
            if (i == stations.Length - 1) break;
            twins.Add(Twin($"b{i}", "Buffer", new() { ["capacity"] = capacity }));
            rels.Add(Rel($"m{i}", "feeds", $"b{i}"));
            rels.Add(Rel($"b{i}", "feeds", $"m{i + 1}"));
        }
        return FactoryGraph.Load(new JsonObject { ["twins"] = twins, ["relationships"] = rels });

        JsonObject Twin(string id, string model, JsonObject properties)
        {
            properties["$dtId"] = id;
            properties["$metadata"] = new JsonObject { ["$model"] = $"{F}{model};1" };
            return properties;
        }

        JsonObject Rel(string source, string name, string target) =>
            new() { ["source"] = source, ["id"] = $"{source}-{name}", ["name"] = name, ["target"] = target };
    }
}
