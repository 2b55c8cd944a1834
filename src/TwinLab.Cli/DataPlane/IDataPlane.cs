using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.DataPlane;

/// <summary>
/// Where the verbs' data lives: a database file (<see cref="LocalDataPlane"/>) or a TwinLab server
/// (<see cref="Remote.RemoteDataPlane"/>). Both answer in the same domain types, so a verb prints the same lines whichever
/// it works on. Reads see <c>--branch</c> as of <c>--as-of</c>; writes go to <c>--branch</c>.
/// </summary>
/// <remarks>Writes return the history sequence numbers they appended (<see cref="WriteOutcome{T}"/>), as the verbs
/// report them. Verbs that only make sense beside the file (serve, demo, apikeys create, …) stay on
/// <see cref="CliContext.Service"/>, which refuses to open with <c>--server</c>.</remarks>
internal interface IDataPlane : IDisposable
{
    /// <summary>Imports DTDL interfaces in one batch; the ids imported.</summary>
    WriteOutcome<IReadOnlyList<string>> ImportModels(IReadOnlyList<DtdlSource> sources);

    /// <summary>The models; with <paramref name="dependenciesOf"/>, at least that model and everything it depends on.</summary>
    ModelSet Models(string? dependenciesOf = null);

    /// <summary>Deletes a model no twin or model uses.</summary>
    WriteOutcome<bool> DeleteModel(string id);

    /// <summary>A twin.</summary>
    Twin GetTwin(string id);

    /// <summary>The twins (of <paramref name="model"/> or a model derived from it), ordered by id.</summary>
    IReadOnlyList<Twin> ListTwins(string? model);

    /// <summary>Creates (only, with <paramref name="createOnly"/>) or replaces a twin.</summary>
    WriteOutcome<Twin> PutTwin(string id, JsonElement body, string? ifMatch, bool createOnly);

    /// <summary>Applies a JSON Patch to a twin; the twin after it.</summary>
    WriteOutcome<Twin> PatchTwin(string id, IReadOnlyList<JsonPatchOperation> operations, string? ifMatch);

    /// <summary>Deletes a twin without relationships.</summary>
    WriteOutcome<bool> DeleteTwin(string id, string? ifMatch);

    /// <summary>A relationship.</summary>
    Relationship GetRelationship(string source, string id);

    /// <summary>A twin's outgoing (or incoming) relationships, optionally of one name.</summary>
    IReadOnlyList<Relationship> ListRelationships(string twin, string? name, bool incoming);

    /// <summary>Creates or replaces a relationship.</summary>
    WriteOutcome<Relationship> PutRelationship(string source, string id, JsonElement body, string? ifMatch);

    /// <summary>Deletes a relationship.</summary>
    WriteOutcome<bool> DeleteRelationship(string source, string id, string? ifMatch);

    /// <summary>Every row of a query.</summary>
    IReadOnlyList<JsonObject> Query(string query);

    /// <summary>Appends telemetry messages to a twin (or its component); the points appended.</summary>
    WriteOutcome<int> AppendTelemetry(string twin, string? component, IReadOnlyList<TelemetryMessage> messages);

    /// <summary>A twin's stored telemetry in [<paramref name="from"/>, <paramref name="to"/>), in stored order.</summary>
    IReadOnlyList<TelemetryPoint> ReadTelemetry(string twin, string? name, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Events of the log as <see cref="EventJson"/> objects, oldest first.</summary>
    IReadOnlyList<JsonObject> History(HistoryRequest request);

    /// <summary>The branches, main first.</summary>
    IReadOnlyList<BranchInfo> Branches();

    /// <summary>Forks <paramref name="parent"/> (at <paramref name="at"/>, a sequence number or ISO 8601 time, or now).</summary>
    BranchInfo CreateBranch(string name, string parent, string? at);

    /// <summary>What differs between a branch and its parent now.</summary>
    BranchDiff Diff(string name);

    /// <summary>Applies a branch's changes to its parent.</summary>
    MergeOutcome Merge(string name, WriteContext? context);

    /// <summary>Deletes a branch with everything written on it.</summary>
    void DiscardBranch(string name);

    /// <summary>The stored experiment results, newest first.</summary>
    IReadOnlyList<StoredResult> Results();

    /// <summary>A stored result's JSON, or <c>null</c> when there is none.</summary>
    string? ResultJson(string id);
}

/// <summary>One telemetry message and its source time (default: now).</summary>
internal sealed record TelemetryMessage(JsonElement Values, DateTimeOffset? Time);

/// <summary>What <c>twinlab history</c> asks for: a branch (or all), a twin, a starting point and a count.</summary>
internal sealed record HistoryRequest(string? Branch, string? Twin, string? Since, int Limit);

/// <summary>A stored experiment result as <c>results list</c> shows it.</summary>
internal sealed record StoredResult(string Id, DateTimeOffset Created, string Title);
