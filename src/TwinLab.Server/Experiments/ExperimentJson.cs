using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Experiments;

/// <summary>The experiment resource as JSON.</summary>
internal static class ExperimentJson
{
    /// <summary>
    /// <c>{id, name, type, simulator, branch, seed, status, submittedBy, submitted, started, finished,
    /// progress: {completed, total, stage, fraction}, resultId, error}</c>.
    /// </summary>
    public static JsonObject Resource(ExperimentView v) => new()
    {
        ["id"] = v.Id,
        ["name"] = v.Name,
        ["type"] = v.Type,
        ["simulator"] = v.Simulator,
        ["branch"] = v.Branch,
        ["seed"] = v.Seed,
        ["status"] = StatusName(v.Status),
        ["submittedBy"] = v.SubmittedBy,
        ["submitted"] = TwinJson.Format(v.Submitted),
        ["started"] = v.Started is { } s ? TwinJson.Format(s) : null,
        ["finished"] = v.Finished is { } f ? TwinJson.Format(f) : null,
        ["progress"] = new JsonObject
        {
            ["completed"] = v.Progress.Completed,
            ["total"] = v.Progress.Total,
            ["stage"] = v.Progress.Stage,
            ["fraction"] = v.Progress.Total > 0 ? Math.Clamp((double)v.Progress.Completed / v.Progress.Total, 0, 1) : 0,
        },
        ["resultId"] = v.ResultId,
        ["error"] = v.Error,
    };

    /// <summary>The status as the API spells it.</summary>
    public static string StatusName(ExperimentStatus status) => status switch
    {
        ExperimentStatus.Queued => "queued",
        ExperimentStatus.Running => "running",
        ExperimentStatus.Succeeded => "succeeded",
        ExperimentStatus.Failed => "failed",
        _ => "cancelled",
    };
}
